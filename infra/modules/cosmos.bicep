// Cosmos DB for NoSQL, serverless: pay per request, which suits a complaints workload (bursty, small).
// Containers, partition keys and indexing policies come from cosmos-containers.json, generated from
// store/schema.ts by `npx tsx scripts/infra-containers.ts` (a test fails when the two drift apart).
param accountName string
param location string
param tags object
param databaseName string = 'chp'

var containers = loadJsonContent('cosmos-containers.json')

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      { locationName: location, failoverPriority: 0, isZoneRedundant: false }
    ]
    capabilities: [{ name: 'EnableServerless' }]
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    minimalTlsVersion: 'Tls12'
    // The store signs requests with the account key (kept in Key Vault).
    disableLocalAuth: false
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: { id: databaseName }
  }
}

resource container 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = [
  for c in containers: {
    parent: database
    name: c.id
    properties: {
      resource: {
        id: c.id
        partitionKey: { paths: c.partitionKey.paths, kind: 'Hash' }
        indexingPolicy: c.indexingPolicy
      }
    }
  }
]

output accountName string = account.name
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name

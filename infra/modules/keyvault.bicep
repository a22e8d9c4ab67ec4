// Key Vault (RBAC mode) holding the Cosmos DB key and the Entra client secret; the web app's managed identity
// may read secrets and nothing else. App settings refer to the secrets by URI (Key Vault references).
param name string
param location string
param tags object
param secretReaderPrincipalId string
param cosmosAccountName string
@secure()
param entraClientSecret string
param purgeProtection bool

var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // The API accepts only true or null here: null leaves purge protection off.
    enablePurgeProtection: purgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

resource cosmosAccount 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' existing = {
  name: cosmosAccountName
}

resource cosmosKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'cosmos-key'
  properties: {
    value: cosmosAccount.listKeys().primaryMasterKey
    contentType: 'Cosmos DB primary key'
  }
}

resource entraSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'entra-client-secret'
  properties: {
    value: entraClientSecret
    contentType: 'Entra app registration client secret (SSO, Graph on-behalf-of, bot)'
  }
}

resource secretsReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, secretReaderPrincipalId, keyVaultSecretsUserRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: secretReaderPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = vault.name
// Versionless URIs: App Service picks up a rotated secret without a redeployment.
output cosmosKeySecretUri string = cosmosKey.properties.secretUri
output entraClientSecretUri string = entraSecret.properties.secretUri
// Lets callers wait for the role assignment before anything resolves the references.
output secretsReaderAssignmentId string = secretsReader.id

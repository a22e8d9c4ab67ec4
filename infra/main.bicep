// Azure infrastructure for the CHP complaints system: one Linux App Service running the express server (API, bot
// endpoint, Teams tab, Outlook add-in), Cosmos DB (serverless, SQL API), Key Vault for the secrets, the Azure Bot
// with its Teams channel, Application Insights, a storage account for case documents (no keys: Entra ID only), and
// a user-assigned managed identity the web app uses to read Key Vault and the documents. Deploy: see README "Deploying to Azure".
targetScope = 'resourceGroup'

@description('Short lowercase prefix for resource names (letters and digits, 2-10 characters), e.g. "chp".')
@minLength(2)
@maxLength(10)
param namePrefix string = 'chp'

@description('Azure region for everything except the bot registration, which is global.')
param location string = resourceGroup().location

@description('Client id of the Entra app registration used for Teams/Outlook SSO and as the bot\'s identity (single tenant).')
param entraClientId string

@description('A client secret of that app registration. Stored only in Key Vault.')
@secure()
param entraClientSecret string

@description('Entra tenant ids whose users may sign in; empty = the tenant of this deployment.')
param allowedTenantIds array = []

@description('Custom host name already bound to the web app (e.g. complaints.example.gov.uk); empty = the azurewebsites.net host.')
param customHost string = ''

@description('App Service plan SKU. B1 is enough for one organisation; P0v3 or above for zone redundancy and scale-out.')
@allowed(['B1', 'B2', 'B3', 'P0v3', 'P1v3', 'P2v3'])
param appServiceSku string = 'B1'

@description('Node.js runtime. The project needs Node >= 20.19; Node 20 left support in April 2026, so 22 is the default.')
@allowed(['NODE|20-lts', 'NODE|22-lts'])
param nodeRuntime string = 'NODE|22-lts'

@description('Command App Service runs to start the server after deployment.')
param startupCommand string = 'npm start'

@description('Azure Bot pricing tier. Teams is a standard channel, free on F0.')
@allowed(['F0', 'S1'])
param botSku string = 'F0'

@description('Key Vault purge protection: true in production (cannot be turned off later); false for throwaway test deployments.')
param keyVaultPurgeProtection bool = true

param tags object = { application: 'chp-complaints' }

var prefix = toLower(namePrefix)
var suffix = uniqueString(resourceGroup().id)
var webAppName = 'app-${prefix}-${suffix}'
var appHost = empty(customHost) ? '${webAppName}.azurewebsites.net' : customHost
var signInTenants = empty(allowedTenantIds) ? [tenant().tenantId] : allowedTenantIds
// The blob container for case documents; the web app is told the same name (BLOB_CONTAINER).
var documentsContainer = 'documents'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${prefix}-${suffix}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    name: '${prefix}-${suffix}'
    location: location
    tags: tags
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    accountName: 'cosmos-${prefix}-${suffix}'
    location: location
    tags: tags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: 'kv-${take(prefix, 8)}-${take(suffix, 10)}'
    location: location
    tags: tags
    secretReaderPrincipalId: identity.properties.principalId
    cosmosAccountName: cosmos.outputs.accountName
    entraClientSecret: entraClientSecret
    purgeProtection: keyVaultPurgeProtection
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: 'st${take(prefix, 8)}${suffix}'
    location: location
    tags: tags
    containerName: documentsContainer
    blobContributorPrincipalId: identity.properties.principalId
  }
}

module webApp 'modules/webapp.bicep' = {
  name: 'webapp'
  params: {
    name: webAppName
    location: location
    tags: tags
    sku: appServiceSku
    nodeRuntime: nodeRuntime
    startupCommand: startupCommand
    identityResourceId: identity.id
    identityClientId: identity.properties.clientId
    appHost: appHost
    entraClientId: entraClientId
    allowedTenantIds: signInTenants
    entraClientSecretUri: keyVault.outputs.entraClientSecretUri
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabase: cosmos.outputs.databaseName
    cosmosKeySecretUri: keyVault.outputs.cosmosKeySecretUri
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    blobAccountUrl: storage.outputs.blobEndpoint
    blobContainer: documentsContainer
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    name: 'bot-${prefix}-${suffix}'
    tags: tags
    sku: botSku
    botAppId: entraClientId
    messagingEndpoint: 'https://${appHost}/api/messages'
    appInsightsInstrumentationKey: monitoring.outputs.appInsightsInstrumentationKey
  }
}

// Settings for `npm run package` (the Teams/Outlook app package) and for deploying the code.
output appHost string = appHost
output webAppName string = webApp.outputs.name
output botAppId string = entraClientId
output aadAppClientId string = entraClientId
output keyVaultName string = keyVault.outputs.name
output cosmosAccountName string = cosmos.outputs.accountName
output cosmosEndpoint string = cosmos.outputs.endpoint
output storageAccountName string = storage.outputs.accountName
output applicationInsightsName string = monitoring.outputs.appInsightsName

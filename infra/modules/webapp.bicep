// Linux App Service running the one express server: REST API, bot endpoint (/api/messages), Teams tab (/tab),
// Outlook add-in (/addin). Secrets arrive as Key Vault references resolved with the user-assigned identity.
// Setting names are the ones server/config.ts reads, plus the standard botbuilder ones.
param name string
param location string
param tags object
param sku string
param nodeRuntime string
param startupCommand string
param identityResourceId string
@description('Client id of the same identity: DefaultAzureCredential signs in with it (AZURE_CLIENT_ID) for Blob Storage.')
param identityClientId string
param appHost string
param entraClientId string
param allowedTenantIds array
param entraClientSecretUri string
param cosmosEndpoint string
param cosmosDatabase string
param cosmosKeySecretUri string
param appInsightsConnectionString string
param blobAccountUrl string
param blobContainer string

var entraClientSecretRef = '@Microsoft.KeyVault(SecretUri=${entraClientSecretUri})'

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: 'plan-${name}'
  location: location
  tags: tags
  kind: 'linux'
  sku: { name: sku }
  properties: {
    reserved: true // Linux
  }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: name
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityResourceId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityResourceId
    siteConfig: {
      linuxFxVersion: nodeRuntime
      appCommandLine: startupCommand
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // Readiness: an instance whose store (or blob storage) does not answer gets no traffic.
      healthCheckPath: '/readyz'
      appSettings: [
        { name: 'NODE_ENV', value: 'production' }
        // App Service sets PORT; the server must listen on all interfaces, not localhost.
        { name: 'HOST', value: '0.0.0.0' }
        { name: 'PUBLIC_BASE_URL', value: 'https://${appHost}' }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'true' }
        { name: 'COSMOS_ENDPOINT', value: cosmosEndpoint }
        { name: 'COSMOS_KEY', value: '@Microsoft.KeyVault(SecretUri=${cosmosKeySecretUri})' }
        { name: 'COSMOS_DATABASE', value: cosmosDatabase }
        // Case documents: the account's blob address and container; the identity below signs in (no key exists).
        { name: 'BLOB_ACCOUNT_URL', value: blobAccountUrl }
        { name: 'BLOB_CONTAINER', value: blobContainer }
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        { name: 'ENTRA_CLIENT_ID', value: entraClientId }
        { name: 'ENTRA_CLIENT_SECRET', value: entraClientSecretRef }
        { name: 'ENTRA_TENANT_ID', value: tenant().tenantId }
        { name: 'ENTRA_ALLOWED_TENANTS', value: join(allowedTenantIds, ',') }
        // Tokens from Teams/Outlook SSO carry the client id or the Application ID URI as audience.
        { name: 'ENTRA_AUDIENCES', value: '${entraClientId},api://${appHost}/${entraClientId}' }
        { name: 'MicrosoftAppType', value: 'SingleTenant' }
        { name: 'MicrosoftAppId', value: entraClientId }
        { name: 'MicrosoftAppPassword', value: entraClientSecretRef }
        { name: 'MicrosoftAppTenantId', value: tenant().tenantId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        // Codeless Application Insights for Node on Linux.
        { name: 'ApplicationInsightsAgent_EXTENSION_VERSION', value: '~3' }
      ]
    }
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName

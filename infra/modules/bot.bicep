// Azure Bot registration (single tenant, the Entra app registration as its identity) and its Teams channel.
// The bot's secret is not needed here: Bot Framework checks it when the web app asks for tokens.
param name string
param tags object
param sku string
param botAppId string
param messagingEndpoint string
param appInsightsInstrumentationKey string

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: { name: sku }
  properties: {
    displayName: 'Complaints'
    description: 'Logs and tracks complaints under the SPSO Model Complaints Handling Procedure.'
    endpoint: messagingEndpoint
    msaAppId: botAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: tenant().tenantId
    developerAppInsightKey: appInsightsInstrumentationKey
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
      acceptedTerms: true
    }
  }
}

output name string = bot.name

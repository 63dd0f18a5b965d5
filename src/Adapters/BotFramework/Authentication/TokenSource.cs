namespace ChatHub.Adapters.BotFramework.Authentication;

/// <summary>Who issued an inbound token.</summary>
internal enum TokenSource
{
    /// <summary>The Bot Connector (<c>iss = https://api.botframework.com</c>): carries <c>serviceurl</c>; its keys carry endorsements.</summary>
    BotConnector = 0,

    /// <summary>Microsoft Entra ID (v1 <c>sts.windows.net</c> or v2 <c>login.microsoftonline.com</c>), as the Agents SDK accepts.</summary>
    Entra = 1,
}

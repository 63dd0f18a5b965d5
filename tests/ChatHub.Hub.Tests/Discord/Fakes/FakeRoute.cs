namespace ChatHub.Hub.Tests.Discord.Fakes;

/// <summary>The REST routes the fake serves.</summary>
public enum FakeRoute
{
    GatewayBot = 0,
    CreateMessage,
    EditMessage,
    Typing,
}

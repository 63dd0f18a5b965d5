namespace ChatHub.Testing.Discord;

/// <summary>The REST routes the fake serves.</summary>
public enum FakeRoute
{
    GatewayBot = 0,
    CreateMessage,
    EditMessage,
    Typing,
}

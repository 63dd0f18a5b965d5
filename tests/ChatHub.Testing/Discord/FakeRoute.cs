namespace ChatHub.Testing.Discord;

/// <summary>The REST routes the fake serves.</summary>
public enum FakeRoute
{
    GatewayBot = 0,
    CreateMessage,
    EditMessage,
    Typing,

    /// <summary><c>POST /interactions/{id}/{token}/callback</c>: the interaction id is the call's message id.</summary>
    InteractionCallback,
}

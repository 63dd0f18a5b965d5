namespace ChatHub.Conversation.Broadcasts;

/// <summary>A hub user's choice about broadcasts, kept on the hub user so it holds on every linked platform.</summary>
public enum BroadcastPreference
{
    /// <summary>Never said: gets broadcasts addressed to them or their platform, not the opted-in audience.</summary>
    None = 0,

    /// <summary><c>/start</c>: also in the opted-in audience.</summary>
    OptedIn = 1,

    /// <summary><c>/stop</c>: gets no broadcast (counted as skipped).</summary>
    OptedOut = 2,
}

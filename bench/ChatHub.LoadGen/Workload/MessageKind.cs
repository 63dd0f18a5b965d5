namespace ChatHub.LoadGen.Workload;

/// <summary>What a message is expected to exercise in the hub.</summary>
internal enum MessageKind : byte
{
    /// <summary>A knowledge-base phrasing as the first turn of a fresh conversation: the hot-question cache answers.</summary>
    FirstTurn,

    /// <summary>A later turn of a conversation: there is context, so the cache is skipped (knowledge base or model).</summary>
    FollowUp,

    /// <summary>A question nobody knows, unique: the slow model answers.</summary>
    Model,
}

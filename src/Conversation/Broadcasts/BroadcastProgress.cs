namespace ChatHub.Conversation.Broadcasts;

/// <summary>A broadcast with its current run's counts and one page of its failures.</summary>
public sealed record BroadcastProgress(Broadcast Broadcast, BroadcastCounts Counts, IReadOnlyList<BroadcastRecipient> Failures);

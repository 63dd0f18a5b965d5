namespace ChatHub.Conversation.Sessions;

/// <summary>Writes the rolling summary (the hub wires it to the model; absent without one, then old turns are dropped).</summary>
public interface ITurnSummarizer
{
    /// <summary>False when there is nothing to write summaries with (no model, only the fallback): old turns are dropped.</summary>
    bool IsAvailable { get; }

    /// <summary>
    /// The summary of <paramref name="previous"/> (null: none yet) and <paramref name="turns"/>, at most
    /// <paramref name="maxCharacters"/> long; null when none could be written (the model failed or is the fallback).
    /// </summary>
    ValueTask<string?> SummarizeAsync(string? previous, IReadOnlyList<SessionTurn> turns, int maxCharacters, CancellationToken cancellationToken);
}

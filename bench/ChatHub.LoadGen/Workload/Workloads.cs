using System.Collections.Concurrent;

namespace ChatHub.LoadGen.Workload;

/// <summary>Every message a knowledge-base phrasing in a fresh private chat: each one is a hot-question cache hit.</summary>
internal sealed class CacheHitWorkload(QuestionSet questions, int seed) : IWorkload
{
    private readonly Random _random = new(seed);

    public PlannedMessage Next(long id) => new(id, questions.Draw(_random), MessageKind.FirstTurn, null);

    public void OnReplied(Conversation conversation)
    {
    }
}

/// <summary>Every message a unique question nobody knows, in a fresh chat: each one goes to the (slow) model.</summary>
internal sealed class SlowModelWorkload : IWorkload
{
    public PlannedMessage Next(long id) => new(id, QuestionSet.ModelBound(id), MessageKind.Model, null);

    public void OnReplied(Conversation conversation)
    {
    }
}

/// <summary>
/// The realistic mix: conversations of 1–4 turns (mean 2.1); first turns are Zipf-drawn questions (knowledge-base
/// phrasings and greeting-prefixed variants), later turns too but with context (no cache); a share of all messages
/// are unique model-bound questions. A conversation's next turn waits for the previous reply; the message rate
/// stays open-loop because a message with no idle conversation starts a new one.
/// </summary>
internal sealed class MixWorkload(QuestionSet questions, double modelShare, int seed) : IWorkload
{
    private readonly Random _random = new(seed);
    private readonly ConcurrentQueue<Conversation> _idle = new();

    public PlannedMessage Next(long id)
    {
        if (!_idle.TryDequeue(out var conversation))
        {
            conversation = new Conversation(id, Turns());
        }

        var first = conversation.TurnsTaken == 0;
        conversation.TurnsTaken++;
        conversation.TurnsLeft--;
        if (_random.NextDouble() < modelShare)
        {
            return new PlannedMessage(conversation.ChatId, QuestionSet.ModelBound(id), MessageKind.Model, conversation);
        }

        return new PlannedMessage(conversation.ChatId, questions.Draw(_random), first ? MessageKind.FirstTurn : MessageKind.FollowUp, conversation);
    }

    public void OnReplied(Conversation conversation)
    {
        if (conversation.TurnsLeft > 0)
        {
            _idle.Enqueue(conversation);
        }
    }

    private int Turns() => _random.NextDouble() switch
    {
        < 0.40 => 1,
        < 0.65 => 2,
        < 0.85 => 3,
        _ => 4,
    };
}

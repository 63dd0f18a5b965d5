using ChatHub.Testing.Telegram;

namespace ChatHub.Hub.Tests.Chaos;

/// <summary>
/// What reached the fake Bot API for a set of accepted messages: a reply is a successful <c>sendMessage</c> threaded to
/// the message (<c>reply_parameters.message_id</c>) in its chat. Lost = accepted with no reply, duplicated = replies
/// beyond the first, out of order = a reply threaded to an earlier message arriving after a later one's.
/// </summary>
internal sealed record DeliveryTally(int Accepted, int Answered, int Lost, int Duplicated, int OutOfOrder, int FailedCalls, int Unexpected)
{
    public override string ToString() =>
        $"accepted {Accepted}, answered {Answered}, lost {Lost}, duplicated {Duplicated}, out of order {OutOfOrder}, " +
        $"failed Bot API calls {FailedCalls}, replies to messages never accepted {Unexpected}";

    public static DeliveryTally Of(FakeBotApi fake, IReadOnlyCollection<(long Chat, long MessageId)> accepted)
    {
        var chats = accepted.Select(a => a.Chat).ToHashSet();
        var calls = fake.CallsTo("sendMessage").Where(c => c.ChatId is { } chat && chats.Contains(chat)).ToList();
        var replies = calls.Where(c => c.Succeeded).ToList();
        var counts = replies.GroupBy(c => (c.ChatId!.Value, c.ReplyToMessageId ?? -1)).ToDictionary(g => g.Key, g => g.Count());
        var acceptedSet = accepted.ToHashSet();
        var answered = acceptedSet.Count(counts.ContainsKey);
        var duplicated = counts.Where(kv => acceptedSet.Contains(kv.Key)).Sum(kv => kv.Value - 1);
        var unexpected = counts.Where(kv => !acceptedSet.Contains(kv.Key)).Sum(kv => kv.Value);
        var outOfOrder = replies.GroupBy(c => c.ChatId!.Value).Sum(chat => CountOutOfOrder(chat.Select(c => c.ReplyToMessageId ?? -1)));

        return new DeliveryTally(acceptedSet.Count, answered, acceptedSet.Count - answered, duplicated, outOfOrder, calls.Count - replies.Count, unexpected);
    }

    /// <summary>
    /// Replies of one chat, in arrival order, by the (increasing) id of the message each answers: how many arrived
    /// after a reply to a later message.
    /// </summary>
    public static int CountOutOfOrder(IEnumerable<long> repliedTo)
    {
        var count = 0;
        var highest = long.MinValue;
        foreach (var to in repliedTo)
        {
            count += to < highest ? 1 : 0;
            highest = Math.Max(highest, to);
        }

        return count;
    }

    /// <summary>
    /// Waits until every accepted message has a reply (or <paramref name="timeout"/>), then a quiet period more so that
    /// late duplicates show, and returns the tally.
    /// </summary>
    public static async Task<DeliveryTally> SettleAsync(
        FakeBotApi fake, IReadOnlyCollection<(long Chat, long MessageId)> accepted, TimeSpan timeout, TimeSpan quiet)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Of(fake, accepted).Lost > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await Task.Delay(quiet);
        return Of(fake, accepted);
    }
}

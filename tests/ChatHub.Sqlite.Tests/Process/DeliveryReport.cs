using ChatHub.Testing.Telegram;

namespace ChatHub.Sqlite.Tests.Process;

/// <summary>What the fake Bot API shows for the accepted messages: lost, duplicated, out of order within a chat, unexpected.</summary>
public sealed record DeliveryReport(int Accepted, int Answered, int Lost, int Duplicated, int OutOfOrder, int Unexpected)
{
    public static DeliveryReport Of(IReadOnlyCollection<long> accepted, IReadOnlyList<SentMessage> sent)
    {
        var expected = accepted.ToHashSet();
        var replies = sent.Where(m => m.ReplyTo is not null).ToList();
        var counts = replies.GroupBy(m => m.ReplyTo!.Value).ToDictionary(g => g.Key, g => g.Count());
        var outOfOrder = replies.GroupBy(m => m.ChatId)
            .Count(chat => !chat.Select(m => m.ReplyTo!.Value).SequenceEqual(chat.Select(m => m.ReplyTo!.Value).Order()));
        return new DeliveryReport(
            expected.Count,
            counts.Keys.Count(expected.Contains),
            expected.Count(id => !counts.ContainsKey(id)),
            counts.Values.Sum(n => n - 1),
            outOfOrder,
            counts.Keys.Count(id => !expected.Contains(id)));
    }

    public override string ToString() =>
        $"accepted {Accepted}, answered {Answered}, lost {Lost}, duplicated {Duplicated}, chats out of order {OutOfOrder}, unexpected {Unexpected}";
}

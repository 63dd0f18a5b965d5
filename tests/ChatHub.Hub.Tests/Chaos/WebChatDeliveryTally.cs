using System.Text.Json;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Inference.Knowledge;

namespace ChatHub.Hub.Tests.Chaos;

/// <summary>
/// What the web-chat clients of a <see cref="WebChatChaosLoad"/> received for their accepted messages. A reply is a
/// final <c>Reply</c> matched to its message by <c>inReplyTo</c> (the client message id), live or replayed by
/// <c>Join</c>; the same reply received again (same id and seq: a replay, or a push repeated by an egress retry) is
/// counted once, as the widget shows it once. Lost = accepted with no reply, duplicated = distinct replies beyond the
/// first to one message, out of order = a reply to an earlier message arriving after a later one's, seq not increasing
/// = a distinct reply whose seq is not above every earlier one's in its conversation, errors = error replies, wrong
/// answers = replies whose text is not the knowledge-base answer to the question.
/// </summary>
internal sealed record WebChatDeliveryTally(
    int Accepted, int Answered, int Lost, int Duplicated, int OutOfOrder, int SeqNotIncreasing, int Errors, int WrongAnswers,
    int Unexpected, int Repeats)
{
    private static readonly Lazy<KnowledgeBase> Knowledge = new(() => KnowledgeBase.Load(Path.Combine(RepoPaths.Root, "content", "knowledge.md")));

    public override string ToString() =>
        $"accepted {Accepted}, answered {Answered}, lost {Lost}, duplicated {Duplicated}, out of order {OutOfOrder}, " +
        $"seq not increasing {SeqNotIncreasing}, error replies {Errors}, wrong answers {WrongAnswers}, " +
        $"replies to messages never accepted {Unexpected}, same reply received again {Repeats}";

    public static WebChatDeliveryTally Of(WebChatChaosLoad load) =>
        load.Clients.Select(Of).Aggregate(new WebChatDeliveryTally(0, 0, 0, 0, 0, 0, 0, 0, 0, 0), (a, b) => new WebChatDeliveryTally(
            a.Accepted + b.Accepted, a.Answered + b.Answered, a.Lost + b.Lost, a.Duplicated + b.Duplicated, a.OutOfOrder + b.OutOfOrder,
            a.SeqNotIncreasing + b.SeqNotIncreasing, a.Errors + b.Errors, a.WrongAnswers + b.WrongAnswers, a.Unexpected + b.Unexpected,
            a.Repeats + b.Repeats));

    public static WebChatDeliveryTally Of(WebChatChaosLoad.Client client)
    {
        var accepted = client.Accepted;
        var order = accepted.Select((m, i) => (m.Id, i)).ToDictionary(m => m.Id, m => m.i);
        var received = client.Finals;
        var distinct = received.DistinctBy(r => (Id(r), r.GetProperty("seq").GetInt64())).ToList();
        var errors = distinct.Count(r => r.GetProperty("error").GetBoolean());
        var answers = distinct.Where(r => !r.GetProperty("error").GetBoolean()).ToList();
        var counts = answers.GroupBy(InReplyTo).ToDictionary(g => g.Key, g => g.Count());
        var answered = accepted.Count(m => counts.ContainsKey(m.Id));
        var duplicated = counts.Where(kv => order.ContainsKey(kv.Key)).Sum(kv => kv.Value - 1);
        var unexpected = counts.Where(kv => !order.ContainsKey(kv.Key)).Sum(kv => kv.Value);
        var outOfOrder = DeliveryTally.CountOutOfOrder(answers.Where(r => order.ContainsKey(InReplyTo(r))).Select(r => (long)order[InReplyTo(r)]));
        var wrong = answers.Count(r => order.TryGetValue(InReplyTo(r), out var i)
            && r.GetProperty("text").GetString() != Knowledge.Value.Entries.Single(e => e.Question == accepted[i].Question).Answer);

        var seqNotIncreasing = 0;
        var highest = 0L;
        foreach (var seq in answers.Select(r => r.GetProperty("seq").GetInt64()))
        {
            seqNotIncreasing += seq <= highest ? 1 : 0;
            highest = Math.Max(highest, seq);
        }

        return new WebChatDeliveryTally(
            accepted.Count, answered, accepted.Count - answered, duplicated, outOfOrder, seqNotIncreasing, errors, wrong, unexpected,
            received.Count - distinct.Count);
    }

    /// <summary>
    /// Waits until every accepted message has a reply and no reply arrived for <paramref name="quiet"/> (so that late
    /// duplicates show), or <paramref name="timeout"/>, and returns the tally.
    /// </summary>
    public static async Task<WebChatDeliveryTally> SettleAsync(WebChatChaosLoad load, TimeSpan timeout, TimeSpan quiet)
    {
        var deadline = DateTime.UtcNow + timeout;
        var received = -1;
        var quietSince = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            var now = load.Clients.Sum(c => c.Finals.Count);
            if (now != received)
            {
                (received, quietSince) = (now, DateTime.UtcNow);
            }
            else if (DateTime.UtcNow - quietSince >= quiet && Of(load).Lost == 0)
            {
                break;
            }

            await Task.Delay(100);
        }

        return Of(load);
    }

    private static string Id(JsonElement reply) => reply.GetProperty("id").GetString()!;

    private static string InReplyTo(JsonElement reply) => reply.GetProperty("inReplyTo").GetString() ?? "";
}

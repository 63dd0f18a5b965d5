using System.Text;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Messages;
using Confluent.Kafka;

namespace ChatHub.Kafka.Serialization;

/// <summary>Record headers: trace context (W3C, as <see cref="TraceHeaders"/>), the message id, and dead-letter details.</summary>
internal static class KafkaHeaders
{
    public const string MessageId = "message-id";
    public const string ContentType = "content-type";
    public const string Json = "application/json";

    /// <summary>On dead letters: where the failed record was, and why.</summary>
    public const string SourceTopic = "dlq-source-topic";
    public const string SourcePartition = "dlq-source-partition";
    public const string SourceOffset = "dlq-source-offset";
    public const string Error = "dlq-error";

    /// <summary>On dead letters of undecodable records: the original value bytes (up to a configured size).</summary>
    public const string OriginalValue = "dlq-original-value";
    public const string OriginalValueOmitted = "dlq-original-value-omitted";

    public static Headers ForPublish<T>(T value)
    {
        var headers = new Headers();
        foreach (var (name, text) in TraceHeaders.Capture())
        {
            headers.Add(name, Encoding.UTF8.GetBytes(text));
        }

        headers.Add(MessageId, Encoding.UTF8.GetBytes(IdOf(value)));
        headers.Add(ContentType, Encoding.UTF8.GetBytes(Json));
        return headers;
    }

    /// <summary>The string headers a handler sees (binary headers such as the original payload are left out).</summary>
    public static IReadOnlyDictionary<string, string> ToDictionary(Headers? headers)
    {
        if (headers is null || headers.Count == 0)
        {
            return EmptyHeaders;
        }

        var result = new Dictionary<string, string>(headers.Count, StringComparer.Ordinal);
        foreach (var header in headers)
        {
            if (header.Key != OriginalValue)
            {
                result[header.Key] = Encoding.UTF8.GetString(header.GetValueBytes() ?? []);
            }
        }

        return result;
    }

    public static string IdOf<T>(T value) => value switch
    {
        InboundMessage inbound => inbound.Id,
        OutboundMessage outbound => outbound.Id,
        DeadLetter { Inbound: { } inbound } => inbound.Id,
        DeadLetter { Outbound: { } outbound } => outbound.Id,
        _ => MessageIds.NewId("m_"),
    };

    private static readonly IReadOnlyDictionary<string, string> EmptyHeaders = new Dictionary<string, string>();
}

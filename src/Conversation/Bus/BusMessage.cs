namespace ChatHub.Conversation.Bus;

/// <summary>A message as a consumer sees it.</summary>
/// <param name="Key">The partition key (the conversation).</param>
/// <param name="Value">The payload.</param>
/// <param name="Headers">Trace context and other metadata (W3C <c>traceparent</c>).</param>
/// <param name="PublishedAt">When it was published, for stage latency.</param>
public sealed record BusMessage<T>(string Key, T Value, IReadOnlyDictionary<string, string> Headers, DateTimeOffset PublishedAt);

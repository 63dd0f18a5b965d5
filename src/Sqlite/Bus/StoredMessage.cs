namespace ChatHub.Sqlite.Bus;

/// <summary>
/// A message as it travels through the in-process bus under the durable inbox: its row in <c>bus_messages</c>
/// (<see cref="Id"/>; 0 for a message that is not kept, a typing indicator or a partial reply), and the time and trace
/// headers of its first publish, which a replay after a restart keeps.
/// </summary>
internal sealed record StoredMessage<T>(long Id, T Value, DateTimeOffset PublishedAt, IReadOnlyDictionary<string, string> Headers);

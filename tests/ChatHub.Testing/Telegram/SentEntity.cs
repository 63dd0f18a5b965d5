namespace ChatHub.Testing.Telegram;

/// <summary>A message entity as the Bot API names it (<c>type</c>, <c>offset</c>, <c>length</c>, <c>url</c>, <c>language</c>); UTF-16 units.</summary>
public sealed record SentEntity(string Type, int Offset, int Length, string? Url = null, string? Language = null);

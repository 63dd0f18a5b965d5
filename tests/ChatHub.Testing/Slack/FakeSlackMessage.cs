namespace ChatHub.Testing.Slack;

/// <summary>A message the bot posted, as the channel shows it now (edits applied).</summary>
public sealed record FakeSlackMessage(string Channel, string Ts, string? ThreadTs, string Text, int Edits);

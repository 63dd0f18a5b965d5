using System.Text.Json;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Voice;

namespace ChatHub.Sqlite.Tests.Bus;

/// <summary>A message's voice message (a reference only) survives the durable inbox's JSON, like its pictures.</summary>
public sealed class InboundVoiceJsonTests
{
    [Fact]
    public void Inbound_WithVoice_RoundTripsAsAReference()
    {
        var message = new InboundMessage
        {
            Id = "in_1",
            PlatformMessageId = "1",
            Conversation = new ConversationRef(ChannelNames.Telegram, "bot", "7000"),
            From = new Sender("u"),
            Text = "",
            ReceivedAt = DateTimeOffset.UnixEpoch,
            Voice = new VoiceAttachment
            {
                Channel = ChannelNames.Telegram, FileId = "AwACAgIAAxkBAAIC", DeclaredType = "audio/ogg", DeclaredBytes = 12_345,
                DeclaredDuration = TimeSpan.FromSeconds(4.5),
            },
        };

        var json = JsonSerializer.Serialize(message, SqliteJsonContext.Default.InboundMessage);
        var decoded = JsonSerializer.Deserialize(json, SqliteJsonContext.Default.InboundMessage)!;

        Assert.Contains("\"voice\":{\"channel\":\"telegram\",\"fileId\":\"AwACAgIAAxkBAAIC\"", json, StringComparison.Ordinal);
        Assert.Equal(message.Voice, decoded.Voice);
        Assert.Equal(message with { Voice = null }, decoded with { Voice = null });
    }
}

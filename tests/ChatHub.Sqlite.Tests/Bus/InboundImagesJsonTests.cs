using System.Text.Json;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;

namespace ChatHub.Sqlite.Tests.Bus;

/// <summary>A message's pictures (references only) survive the durable inbox's JSON, the same contract as Kafka's and Redis's.</summary>
public sealed class InboundImagesJsonTests
{
    [Fact]
    public void Inbound_WithImages_RoundTripsAsReferences()
    {
        var message = new InboundMessage
        {
            Id = "in_1",
            PlatformMessageId = "1",
            Conversation = new ConversationRef(ChannelNames.Discord, "bot", "7000"),
            From = new Sender("u"),
            Text = "",
            ReceivedAt = DateTimeOffset.UnixEpoch,
            Images =
            [
                new ImageAttachment
                {
                    Channel = ChannelNames.Discord, FileId = "1101", Url = "https://cdn.discordapp.com/attachments/7000/1101/a.png?ex=1",
                    DeclaredType = "image/png", DeclaredBytes = 48_211,
                },
            ],
        };

        var json = JsonSerializer.Serialize(message, SqliteJsonContext.Default.InboundMessage);
        var decoded = JsonSerializer.Deserialize(json, SqliteJsonContext.Default.InboundMessage)!;

        Assert.Contains("\"images\":[{\"channel\":\"discord\",\"fileId\":\"1101\"", json, StringComparison.Ordinal);
        Assert.Equal(message.Images, decoded.Images);
        Assert.Equal(message with { Images = null }, decoded with { Images = null });
    }
}

using System.Text;
using System.Text.Json;
using ChatHub.Conversation.Messages;
using ChatHub.Kafka.Serialization;

namespace ChatHub.Kafka.Tests.Serialization;

public sealed class KafkaMessageSerializerTests
{
    private static readonly KafkaMessageSerializer Serializer = KafkaMessageSerializer.Default;

    [Fact]
    public void Inbound_EveryField_RoundTripsExactly()
    {
        var message = new InboundMessage
        {
            Id = "in_abc",
            PlatformMessageId = "42",
            Conversation = new ConversationRef(ChannelNames.Telegram, "bot", "-100123", "7"),
            From = new Sender("u1", "Ada"),
            Text = "Grüße, 世界 \"quoted\"",
            ReceivedAt = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(5.5)).AddTicks(1234567),
            ReplyToPlatformMessageId = "41",
            Locale = "de-CH",
            Priority = MessagePriority.Bulk,
            Properties = new Dictionary<string, string> { ["thread"] = "7", ["empty"] = "" },
        };

        var decoded = Serializer.Deserialize<InboundMessage>(Serializer.Serialize(message));

        Assert.Equal(message with { Properties = null }, decoded with { Properties = null });
        Assert.Equal(message.ReceivedAt.Offset, decoded.ReceivedAt.Offset);
        Assert.Equal(message.ReceivedAt.Ticks, decoded.ReceivedAt.Ticks);
        Assert.Equal(message.Properties, decoded.Properties);
    }

    [Fact]
    public void Inbound_OptionalFieldsNull_OmittedAndRoundTrip()
    {
        var message = new InboundMessage
        {
            Id = "in_1",
            PlatformMessageId = "1",
            Conversation = new ConversationRef(ChannelNames.WebChat, "hub", "c"),
            From = new Sender("u"),
            Text = "hi",
            ReceivedAt = DateTimeOffset.UnixEpoch,
        };

        var json = Encoding.UTF8.GetString(Serializer.Serialize(message));

        Assert.DoesNotContain("locale", json, StringComparison.Ordinal);
        Assert.Contains("\"priority\":\"Interactive\"", json, StringComparison.Ordinal);
        Assert.Equal(message, Serializer.Deserialize<InboundMessage>(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Outbound_And_DeadLetter_RoundTrip()
    {
        var outbound = new OutboundMessage
        {
            Id = "re_1",
            Conversation = new ConversationRef(ChannelNames.Discord, "bot", "chan"),
            Kind = OutboundKind.Final,
            Text = "answer",
            InReplyTo = "in_1",
            Source = ReplySource.Knowledge,
            IsError = true,
            CreatedAt = DateTimeOffset.Parse("2025-01-02T03:04:05.1234567-08:00", System.Globalization.CultureInfo.InvariantCulture),
        };
        var suggested = outbound with { Suggestions = ["Which platforms?", "How do I link?"] };
        var decodedSuggested = Serializer.Deserialize<OutboundMessage>(Serializer.Serialize(suggested));
        Assert.Equal(suggested.Suggestions, decodedSuggested.Suggestions);
        Assert.Equal(outbound, decodedSuggested with { Suggestions = null });
        var spoken = outbound with { SpokenText = "We are **open** from nine." };
        Assert.Equal(spoken, Serializer.Deserialize<OutboundMessage>(Serializer.Serialize(spoken)));
        var letter = new DeadLetter("chat.outbound", "discord:bot:chan", "blocked", outbound.CreatedAt, Outbound: outbound);

        Assert.Equal(outbound, Serializer.Deserialize<OutboundMessage>(Serializer.Serialize(outbound)));
        var decoded = Serializer.Deserialize<DeadLetter>(Serializer.Serialize(letter));
        Assert.Equal(letter with { Outbound = null }, decoded with { Outbound = null });
        Assert.Equal(outbound, decoded.Outbound);
    }

    private const string Valid =
        "\"id\":\"in_1\",\"platformMessageId\":\"1\",\"conversation\":{\"channel\":\"webchat\",\"botId\":\"b\",\"chatId\":\"c\"},\"from\":{\"userId\":\"u\"},\"text\":\"hi\"";

    [Theory]
    [InlineData("empty", "")]
    [InlineData("null", "null")]
    [InlineData("not json", "{not json")]
    [InlineData("array", "[]")]
    [InlineData("required members missing", "{}")]
    [InlineData("bad date", "{" + Valid + ",\"receivedAt\":\"yesterday\"}")]
    [InlineData("unknown enum value", "{" + Valid + ",\"receivedAt\":\"2025-01-01T00:00:00Z\",\"priority\":\"Urgent\"}")]
    public void Deserialize_NotAnInboundMessage_ThrowsJsonException(string because, string json)
    {
        var error = Record.Exception(() => Serializer.Deserialize<InboundMessage>(Encoding.UTF8.GetBytes(json)));
        Assert.True(error is JsonException, $"{because}: expected a JsonException, got {error?.GetType().Name ?? "none"}");
    }

    [Fact]
    public void Serialize_TypeWithoutContract_ThrowsNotSupported() =>
        Assert.Throws<NotSupportedException>(() => Serializer.Serialize(new Uri("https://example.org")));
}

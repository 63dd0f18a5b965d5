using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatHub.Adapters.Discord;
using ChatHub.Adapters.Discord.Api;
using ChatHub.Adapters.Discord.Ingress;
using ChatHub.Adapters.Telegram;
using ChatHub.Adapters.Telegram.Api;
using ChatHub.Adapters.Telegram.Ingress;
using ChatHub.Adapters.Tests.Discord;
using ChatHub.Adapters.Tests.Telegram;
using ChatHub.Conversation.Messages;
using ChatHub.Testing.Discord;
using ChatHub.Testing.Telegram;

namespace ChatHub.Adapters.Tests.Images;

/// <summary>Pictures in real payload shapes become image attachments by reference (never bytes, never a fetch at ingress).</summary>
public sealed class ImageMappingTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static TelegramUpdateMapper Telegram(long maxImageBytes = 10 * 1024 * 1024) =>
        new(new TelegramBotIdentity(FakeBotApi.BotId, FakeBotApi.BotUsername), TelegramGroupMode.Addressed, maxImageBytes);

    [Fact]
    public void Telegram_PhotoWithCaption_LargestSizeByFileId()
    {
        var message = Telegram().Map(TelegramPayloads.Load("private_photo_caption"), Now).Message!;

        Assert.Equal("What is ChatHub? 📷", message.Text);
        var image = Assert.Single(message.Images!);
        Assert.Equal((ChannelNames.Telegram, "AgACAgIAAxkBAAIBZ2Wyy", 48211L, (string?)null), (image.Channel, image.FileId, image.DeclaredBytes, image.Url));
    }

    [Fact]
    public void Telegram_LargestSizeOverTheLimit_LargestWithinIt()
    {
        var message = Telegram(maxImageBytes: 10_000).Map(TelegramPayloads.Load("private_photo_caption"), Now).Message!;

        Assert.Equal("AgACAgIAAxkBAAIBZ2Wxx", Assert.Single(message.Images!).FileId);
    }

    [Fact]
    public void Telegram_PhotoWithoutCaption_MessageWithEmptyText()
    {
        var update = TelegramUpdateReader.TryRead(Encoding.UTF8.GetBytes(FakeBotApi.PhotoUpdate(7123456791, 120, 700000120, "AgAC-big", 90_000)), out _)!;

        var message = Telegram().Map(update, Now).Message!;

        Assert.Equal("", message.Text);
        Assert.Equal("AgAC-big", Assert.Single(message.Images!).FileId);
    }

    [Fact]
    public void Telegram_TextMessage_NoImages()
    {
        Assert.Null(Telegram().Map(TelegramPayloads.Load("private_text"), Now).Message!.Images);
    }

    [Fact]
    public void Discord_ImageAndOtherAttachments_OnlyTheImageByReference()
    {
        var payload = DiscordPayloads.Dm("1001", "7000", "");
        payload["attachments"] = new JsonArray(
            Attachment("1101", "photo.png", "image/png", 48_211, "https://cdn.discordapp.com/attachments/7000/1101/photo.png?ex=1&hm=2"),
            Attachment("1102", "notes.pdf", "application/pdf", 9_000, "https://cdn.discordapp.com/attachments/7000/1102/notes.pdf"));

        var message = Discord(payload).Message!;

        Assert.Equal("", message.Text);
        var image = Assert.Single(message.Images!);
        Assert.Equal((ChannelNames.Discord, "1101", "image/png", 48_211L), (image.Channel, image.FileId, image.DeclaredType, image.DeclaredBytes));
        Assert.Equal("https://cdn.discordapp.com/attachments/7000/1101/photo.png?ex=1&hm=2", image.Url);
    }

    [Fact]
    public void Discord_OnlyANonImageAttachment_Ignored()
    {
        var payload = DiscordPayloads.Dm("1001", "7000", "");
        payload["attachments"] = new JsonArray(Attachment("1102", "notes.pdf", "application/pdf", 9_000, "https://cdn.discordapp.com/a/notes.pdf"));

        Assert.Contains("no text, image or voice message", Discord(payload).IgnoredReason, StringComparison.Ordinal);
    }

    /// <summary>Discord's attachment object (resources/message#attachment-object).</summary>
    internal static JsonObject Attachment(string id, string filename, string contentType, long size, string url) => new()
    {
        ["id"] = id,
        ["filename"] = filename,
        ["content_type"] = contentType,
        ["size"] = size,
        ["url"] = url,
        ["proxy_url"] = url.Replace("cdn.discordapp.com", "media.discordapp.net", StringComparison.Ordinal),
        ["width"] = 800,
        ["height"] = 600,
    };

    private static DiscordMappedMessage Discord(JsonObject payload) =>
        new DiscordMessageMapper(new DiscordBotIdentity(FakeDiscord.BotUserId, FakeDiscord.BotUsername), DiscordGuildMode.Mentioned)
            .Map(JsonSerializer.Deserialize(payload.ToJsonString(), DiscordJsonContext.Default.DiscordMessage)!, Now);
}

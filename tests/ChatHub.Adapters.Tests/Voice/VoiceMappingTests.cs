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
using ChatHub.Conversation.Messages;
using ChatHub.Testing.Discord;
using ChatHub.Testing.Telegram;

namespace ChatHub.Adapters.Tests.Voice;

/// <summary>Voice messages in real payload shapes become a voice attachment by reference (never bytes, never a fetch at ingress).</summary>
public sealed class VoiceMappingTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static TelegramUpdateMapper Telegram() =>
        new(new TelegramBotIdentity(FakeBotApi.BotId, FakeBotApi.BotUsername), TelegramGroupMode.Addressed);

    private static InboundMessage? MapTelegram(string json) =>
        Telegram().Map(TelegramUpdateReader.TryRead(Encoding.UTF8.GetBytes(json), out _)!, Now).Message;

    [Fact]
    public void Telegram_VoiceNote_ByFileIdWithTypeSizeAndLength()
    {
        var message = MapTelegram(FakeBotApi.VoiceUpdate(7123456791, 130, 700000130, "AwACAgIAAxkBAAIC-voice", 12_345, 4))!;

        Assert.Equal("", message.Text);
        Assert.Null(message.Images);
        var voice = message.Voice!;
        Assert.Equal((ChannelNames.Telegram, "AwACAgIAAxkBAAIC-voice", "audio/ogg", 12_345L, TimeSpan.FromSeconds(4), (string?)null),
            (voice.Channel, voice.FileId, voice.DeclaredType, voice.DeclaredBytes, voice.DeclaredDuration, voice.Url));
    }

    [Fact]
    public void Telegram_VoiceNoteWithCaption_TheCaptionIsTheText()
    {
        var message = MapTelegram(FakeBotApi.VoiceUpdate(7123456791, 131, 700000131, "AwAC-v", 5_000, 2, caption: "Listen:"))!;

        Assert.Equal("Listen:", message.Text);
        Assert.NotNull(message.Voice);
    }

    [Theory]
    [InlineData("audio/ogg", true)]
    [InlineData("audio/opus", true)]
    [InlineData("audio/mpeg", false)]
    public void Telegram_AudioFile_OnlyOggOrOpusIsAVoiceMessage(string mime, bool isVoice)
    {
        var update = JsonNode.Parse(FakeBotApi.VoiceUpdate(7123456791, 132, 700000132, "AwAC-a", 5_000, 2))!;
        var message = update["message"]!.AsObject();
        message.Remove("voice");
        message["audio"] = new JsonObject
        {
            ["file_id"] = "CQACAgIAAxkBAAIC-audio", ["file_unique_id"] = "AgADaudio", ["duration"] = 3, ["mime_type"] = mime,
            ["file_size"] = 40_000, ["file_name"] = "note.ogg", ["title"] = "Note",
        };

        var result = Telegram().Map(TelegramUpdateReader.TryRead(Encoding.UTF8.GetBytes(update.ToJsonString()), out _)!, Now);

        Assert.Equal(isVoice, result.Message?.Voice?.FileId == "CQACAgIAAxkBAAIC-audio");
        Assert.Equal(isVoice, result.Message is not null);
    }

    [Fact]
    public void Discord_VoiceMessage_TheAudioAttachmentByReferenceWithItsLength()
    {
        var payload = DiscordPayloads.Dm("1001", "7000", "");
        payload["flags"] = 1 << 13;
        payload["attachments"] = new JsonArray(VoiceAttachment("1201", 18_432, 3.52, "https://cdn.discordapp.com/attachments/7000/1201/voice-message.ogg?ex=1&hm=2"));

        var message = Discord(payload).Message!;

        Assert.Equal("", message.Text);
        Assert.Null(message.Images);
        var voice = message.Voice!;
        Assert.Equal((ChannelNames.Discord, "1201", "audio/ogg", 18_432L, TimeSpan.FromSeconds(3.52)),
            (voice.Channel, voice.FileId, voice.DeclaredType, voice.DeclaredBytes, voice.DeclaredDuration));
        Assert.Equal("https://cdn.discordapp.com/attachments/7000/1201/voice-message.ogg?ex=1&hm=2", voice.Url);
    }

    [Fact]
    public void Discord_OggAttachmentWithoutTheVoiceFlag_NotAVoiceMessage()
    {
        var payload = DiscordPayloads.Dm("1001", "7000", "");
        payload["attachments"] = new JsonArray(VoiceAttachment("1202", 18_432, 3.5, "https://cdn.discordapp.com/attachments/7000/1202/song.ogg"));

        Assert.Contains("no text, image or voice message", Discord(payload).IgnoredReason, StringComparison.Ordinal);
    }

    /// <summary>A voice message's attachment as Discord sends it (resources/message#attachment-object: duration_secs and waveform).</summary>
    internal static JsonObject VoiceAttachment(string id, long size, double seconds, string url) => new()
    {
        ["id"] = id,
        ["filename"] = "voice-message.ogg",
        ["content_type"] = "audio/ogg",
        ["size"] = size,
        ["url"] = url,
        ["proxy_url"] = url.Replace("cdn.discordapp.com", "media.discordapp.net", StringComparison.Ordinal),
        ["duration_secs"] = seconds,
        ["waveform"] = "AAAAAAAAAAAA",
    };

    private static DiscordMappedMessage Discord(JsonObject payload) =>
        new DiscordMessageMapper(new DiscordBotIdentity(FakeDiscord.BotUserId, FakeDiscord.BotUsername), DiscordGuildMode.Mentioned)
            .Map(JsonSerializer.Deserialize(payload.ToJsonString(), DiscordJsonContext.Default.DiscordMessage)!, Now);
}

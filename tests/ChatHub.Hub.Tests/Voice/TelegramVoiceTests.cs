using ChatHub.Conversation.Voice;
using ChatHub.Hub.Tests.Telegram;
using ChatHub.Testing.Audio;
using ChatHub.Testing.Logging;
using ChatHub.Testing.OpenAi;
using ChatHub.Testing.Telegram;

namespace ChatHub.Hub.Tests.Voice;

/// <summary>
/// A Telegram voice note (<c>message.voice</c>, real Ogg Opus) on the real hub: fetched by file id through the fake Bot
/// API, sent to the fake <c>/v1/audio/transcriptions</c>, the transcript shown to the person and answered by the model
/// as if typed; a voice note over the size limit refused with the reason and never downloaded; neither the transcript
/// nor the keys in a log line at Information or above.
/// </summary>
public sealed class TelegramVoiceTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private FakeOpenAiServer _model = null!;
    private TelegramHub _hub = null!;

    public async Task InitializeAsync()
    {
        _model = await VoiceModel.StartAsync();
        _hub = await TelegramHub.StartAsync(VoiceModel.Settings(_model), _logs.Install);
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task Webhook_VoiceNote_TranscriptShownThenAnsweredAsIfTyped()
    {
        const long chat = 7123456901;
        var clip = TestAudio.OggOpus(1.5);
        var path = _hub.Fake.AddVoiceFile("AwACAgIAAxkBAAIC-voice-1", clip);

        await _hub.PostUpdateAsync(FakeBotApi.VoiceUpdate(chat, 401, 700000401, "AwACAgIAAxkBAAIC-voice-1", clip.Length, 2));
        var sent = await _hub.Fake.WaitForCallsAsync("sendMessage", chat, count: 2, where: c => c.Succeeded).DefaultTimeout();

        Assert.Equal(VoiceTranscriber.Heard(FakeOpenAiServer.DefaultTranscript), sent[0].Text);
        Assert.StartsWith(VoiceModel.Answer, sent[1].Text, StringComparison.Ordinal);
        var request = Assert.Single(_model.Transcriptions);
        Assert.Equal(clip, request.Audio);
        Assert.Equal(("voice.ogg", "whisper-1", "en", "Bearer sk-speech-secret"), (request.FileName, request.Model, request.Language, request.Authorization));
        Assert.Contains(FakeOpenAiServer.DefaultTranscript, VoiceModel.UserTexts(_model));
        Assert.Equal([path], _hub.Fake.Downloads);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Information && (e.Text.Contains("opening hours", StringComparison.Ordinal)
            || e.Text.Contains("sk-speech-secret", StringComparison.Ordinal) || e.Text.Contains(FakeBotApi.Token.Split(':')[1], StringComparison.Ordinal)));
        Assert.Contains(_logs.Entries, e => e.EventId == 3994);
    }

    [Fact]
    public async Task Webhook_VoiceNote20MB_RefusedWithTheReasonAndNotDownloaded()
    {
        const long chat = 7123456902;
        _hub.Fake.AddVoiceFile("AwAC-voice-huge", TestAudio.OggOpus(0.2));
        var before = _model.Requests;

        await _hub.PostUpdateAsync(FakeBotApi.VoiceUpdate(chat, 402, 700000402, "AwAC-voice-huge", 20L * 1024 * 1024, 30));
        var reply = (await _hub.Fake.WaitForCallsAsync("sendMessage", chat, where: c => c.Succeeded).DefaultTimeout())[0];

        Assert.Equal("Your voice message is too large (20 MB; the limit is 5 MB). Please send a shorter one.", reply.Text);
        Assert.DoesNotContain(_hub.Fake.CallsTo("getFile"), c => c.Body["file_id"]?.GetValue<string>() == "AwAC-voice-huge");
        Assert.Equal(before, _model.Requests);
        Assert.Contains(_logs.Entries, e => e.EventId == 3992 && e.Text.Contains("Voice:MaxBytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Webhook_VoiceNoteLongerThanTheLimit_RefusedWithTheReason()
    {
        const long chat = 7123456903;

        await _hub.PostUpdateAsync(FakeBotApi.VoiceUpdate(chat, 403, 700000403, "AwAC-voice-long", 90_000, 600));
        var reply = (await _hub.Fake.WaitForCallsAsync("sendMessage", chat, where: c => c.Succeeded).DefaultTimeout())[0];

        Assert.Equal("Your voice message is too long (10 min 0 s; the limit is 2 min 0 s). Please send a shorter one, or type your question.", reply.Text);
        Assert.DoesNotContain(_hub.Fake.CallsTo("getFile"), c => c.Body["file_id"]?.GetValue<string>() == "AwAC-voice-long");
    }
}

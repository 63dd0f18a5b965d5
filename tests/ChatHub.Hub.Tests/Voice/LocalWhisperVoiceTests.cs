using ChatHub.Hub.Tests.Telegram;
using ChatHub.Testing.Audio;
using ChatHub.Testing.OpenAi;
using ChatHub.Testing.Telegram;
using ChatHub.Testing.Whisper;

namespace ChatHub.Hub.Tests.Voice;

/// <summary>
/// Local transcription in the real hub (<c>Inference:Speech:ModelPath</c>: whisper.cpp through Whisper.net, on a tiny
/// random model the test writes): a Telegram voice note is decoded, run through the model, and whatever it heard is
/// shown and sent to the model as the person's text. Mechanics, not wording.
/// </summary>
public sealed class LocalWhisperVoiceTests : IAsyncLifetime
{
    private readonly string _whisper = SyntheticWhisperModel.TempPath();
    private FakeOpenAiServer _model = null!;
    private TelegramHub _hub = null!;

    public async Task InitializeAsync()
    {
        SyntheticWhisperModel.Write(_whisper);
        _model = await VoiceModel.StartAsync();
        var settings = VoiceModel.Settings(_model, speech: false);
        settings["Inference:Speech:ModelPath"] = _whisper;
        settings["Inference:Speech:Threads"] = "2";
        _hub = await TelegramHub.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _model.DisposeAsync();
        File.Delete(_whisper);
    }

    [Fact]
    public async Task Webhook_VoiceNote_TranscribedInProcessShownAndAnswered()
    {
        const long chat = 7123456921;
        var clip = TestAudio.OggOpus(1.0);
        _hub.Fake.AddVoiceFile("AwAC-local-1", clip);

        await _hub.PostUpdateAsync(FakeBotApi.VoiceUpdate(chat, 421, 700000421, "AwAC-local-1", clip.Length, 1));
        var sent = await _hub.Fake.WaitForCallsAsync("sendMessage", chat, count: 2, where: c => c.Succeeded).DefaultTimeout();

        Assert.StartsWith("🎤 “", sent[0].Text, StringComparison.Ordinal);
        var heard = sent[0].Text!["🎤 “".Length..^1];
        Assert.NotEmpty(heard);
        Assert.Contains(heard, VoiceModel.UserTexts(_model));
        Assert.StartsWith(VoiceModel.Answer, sent[1].Text, StringComparison.Ordinal);
        Assert.Empty(_model.Transcriptions); // nothing went to a server
    }
}

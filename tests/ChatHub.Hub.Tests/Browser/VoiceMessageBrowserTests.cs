using ChatHub.Conversation.Voice;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Hub.Tests.Voice;
using ChatHub.Inference.Speech;
using ChatHub.Testing.OpenAi;
using Microsoft.Playwright;

namespace ChatHub.Hub.Tests.Browser;

/// <summary>
/// The widget's microphone in real Chromium (its fake microphone: a beep): one click records with MediaRecorder, the
/// next uploads the WebM Opus recording (<c>POST /webchat/voice</c>) and sends it (<c>SendVoice</c>); the fake
/// transcription server gets the recording, the widget shows what was heard and the model's answer. The recording is
/// also read back with the hub's WebM reader and decoded (the local-transcription path).
/// </summary>
public sealed class VoiceMessageBrowserTests : IAsyncLifetime
{
    private FakeOpenAiServer _model = null!;
    private HubServer _hub = null!;

    public async Task InitializeAsync()
    {
        _model = await VoiceModel.StartAsync();
        _hub = await HubServer.StartAsync(VoiceModel.Settings(_model));
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task Widget_RecordThenSend_TranscriptShownAndAnswered()
    {
        await using var session = await BrowserSession.StartAsync("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream");
        var context = await session.Browser.NewContextAsync(new() { Permissions = ["microphone"] });
        var page = await context.NewPageAsync();
        await page.GotoAsync(_hub.BaseAddress.ToString());
        var mic = page.Locator("#chathub-mic");
        await Assertions.Expect(mic).ToBeVisibleAsync();

        await mic.ClickAsync();
        await Assertions.Expect(mic).ToHaveAttributeAsync("aria-pressed", "true");
        // Recording until MediaRecorder has handed over some audio (a condition, not a clock).
        await page.WaitForFunctionAsync("() => Number(document.querySelector('#chathub-mic').dataset.recorded || 0) > 1500", null, new() { Timeout = 20_000 });
        await mic.ClickAsync();

        await Assertions.Expect(page.Locator(".chathub-msg--user").Last).ToContainTextAsync("Voice message");
        var answers = page.Locator(".chathub-msg--bot");
        await Assertions.Expect(answers.Filter(new() { HasText = VoiceTranscriber.Heard(FakeOpenAiServer.DefaultTranscript) })).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Assertions.Expect(answers.Filter(new() { HasText = VoiceModel.Answer })).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        var request = Assert.Single(_model.Transcriptions);
        Assert.Equal("voice.webm", request.FileName);
        var samples = OpusPcm.DecodeWebMOpus(request.Audio, TimeSpan.FromMinutes(1));
        Assert.NotEmpty(samples); // Chromium's WebM, read by the hub's EBML walk and decoded to 16 kHz
        Assert.Contains(samples, sample => sample != 0); // the fake microphone's beep
    }
}

using ChatHub.Conversation.Voice;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Hub.Tests.Voice;
using ChatHub.Testing.OpenAi;
using Microsoft.Playwright;

namespace ChatHub.Hub.Tests.Browser;

/// <summary>
/// A spoken reply in real Chromium: the person records a voice message with the widget's microphone (Chromium's fake
/// one), the hub answers in text and pushes the answer's audio (the fake <c>/v1/audio/speech</c>'s Ogg Opus); the widget
/// puts a player under the answer, Chromium decodes the audio (its length is the tone's), and it starts playing by
/// itself (the microphone click was the person's gesture).
/// </summary>
public sealed class SpokenReplyBrowserTests : IAsyncLifetime
{
    private FakeOpenAiServer _model = null!;
    private HubServer _hub = null!;

    public async Task InitializeAsync()
    {
        _model = await VoiceModel.StartAsync();
        _hub = await HubServer.StartAsync(SpokenReplyTests.Settings(_model));
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task Widget_VoiceMessage_AnswerPlayedAloud()
    {
        await using var session = await BrowserSession.StartAsync("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream");
        var context = await session.Browser.NewContextAsync(new() { Permissions = ["microphone"] });
        var page = await context.NewPageAsync();
        await page.GotoAsync(_hub.BaseAddress.ToString());
        var mic = page.Locator("#chathub-mic");
        await mic.ClickAsync();
        await page.WaitForFunctionAsync("() => Number(document.querySelector('#chathub-mic').dataset.recorded || 0) > 1500", null, new() { Timeout = 20_000 });
        await mic.ClickAsync();

        var answer = page.Locator(".chathub-msg--bot").Filter(new() { HasText = VoiceModel.Answer });
        var player = answer.Locator("audio.chathub-voice");
        await Assertions.Expect(player).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        // Decoded by Chromium (the metadata gives the length), and playing or played: a condition, not a clock.
        var seconds = await player.EvaluateAsync<double>(
            "audio => new Promise(done => audio.readyState >= 1 ? done(audio.duration) : audio.addEventListener('loadedmetadata', () => done(audio.duration)))");
        await player.EvaluateAsync("audio => audio.played.length > 0 || !audio.paused || new Promise(done => audio.addEventListener('playing', done))");

        var expected = AudioLength(FakeOpenAiServer.SpokenAudio(VoiceModel.Answer));
        Assert.InRange(seconds, expected - 0.1, expected + 0.1);
        Assert.Equal("Spoken reply", await player.GetAttributeAsync("aria-label"));
        Assert.StartsWith("blob:", await player.GetAttributeAsync("src"), StringComparison.Ordinal);
        Assert.Equal(VoiceModel.Answer, Assert.Single(_model.Speeches).Input);
    }

    private static double AudioLength(byte[] ogg) => AudioFormats.OggOpusDuration(ogg)!.Value.TotalSeconds;
}

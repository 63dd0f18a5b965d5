using ChatHub.Conversation.Voice;
using ChatHub.Hub.Tests.Telegram;
using ChatHub.Testing.Audio;
using ChatHub.Testing.OpenAi;
using ChatHub.Testing.Telegram;

namespace ChatHub.Hub.Tests.Voice;

/// <summary>No <c>Inference:Speech</c>: a voice note gets the polite fixed reply, is not even fetched, and the model is not asked.</summary>
public sealed class NoSpeechBackendTests : IAsyncLifetime
{
    private FakeOpenAiServer _model = null!;
    private TelegramHub _hub = null!;

    public async Task InitializeAsync()
    {
        _model = await VoiceModel.StartAsync();
        _hub = await TelegramHub.StartAsync(VoiceModel.Settings(_model, speech: false));
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task Webhook_VoiceNote_PoliteFixedReplyAndNothingFetched()
    {
        const long chat = 7123456911;
        _hub.Fake.AddVoiceFile("AwAC-nospeech-1", TestAudio.OggOpus(0.2));

        await _hub.PostUpdateAsync(FakeBotApi.VoiceUpdate(chat, 411, 700000411, "AwAC-nospeech-1", 2_000, 1));
        var reply = (await _hub.Fake.WaitForCallsAsync("sendMessage", chat, where: c => c.Succeeded).DefaultTimeout())[0];

        Assert.Equal(VoiceTranscriber.CannotListenReply + VoiceTranscriber.TypeInstead, reply.Text);
        Assert.Empty(_hub.Fake.Downloads);
        Assert.Equal(0, _model.Requests);
    }
}

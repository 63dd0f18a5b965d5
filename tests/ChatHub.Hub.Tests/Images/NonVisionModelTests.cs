using ChatHub.Conversation.Images;
using ChatHub.Hub.Tests.Telegram;
using ChatHub.Testing.Images;
using ChatHub.Testing.OpenAi;
using ChatHub.Testing.Telegram;

namespace ChatHub.Hub.Tests.Images;

/// <summary>
/// A backend that cannot look at images (an OpenAI-compatible model without <c>Inference:OpenAI:Vision</c>; likewise
/// llama.cpp and the model-less default): the person gets the polite word, the picture is not even fetched, and the
/// text of the same message is answered as usual.
/// </summary>
public sealed class NonVisionModelTests : IAsyncLifetime
{
    private FakeOpenAiServer _model = null!;
    private TelegramHub _hub = null!;

    public async Task InitializeAsync()
    {
        _model = await VisionModel.StartAsync();
        _hub = await TelegramHub.StartAsync(VisionModel.Settings(_model, vision: false));
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task Webhook_PhotoWithCaption_PoliteWordThenTheTextAnsweredWithoutTheImage()
    {
        const long chat = 7123456811;
        _hub.Fake.AddFile("AgAC-novision-1", TestImages.Png);

        await _hub.PostUpdateAsync(FakeBotApi.PhotoUpdate(chat, 311, 700000311, "AgAC-novision-1", TestImages.Png.Length, "Tell me about the colour of dragons"));
        var sent = await _hub.Fake.WaitForCallsAsync("sendMessage", chat, count: 2, where: c => c.Succeeded).DefaultTimeout();

        Assert.StartsWith(ImageResolver.CannotLookReply, sent[0].Text, StringComparison.Ordinal);
        Assert.StartsWith(VisionModel.Answer, sent[1].Text, StringComparison.Ordinal);
        Assert.Contains(_model.Bodies, body => TestImages.LastUserText(body) == "Tell me about the colour of dragons");
        Assert.Empty(VisionModel.WithImages(_model));
        Assert.Empty(_hub.Fake.Downloads);
    }

    [Fact]
    public async Task Webhook_PhotoAlone_OnlyThePoliteWordAndNoModelCall()
    {
        const long chat = 7123456812;
        var before = _model.Requests;

        await _hub.PostUpdateAsync(FakeBotApi.PhotoUpdate(chat, 312, 700000312, "AgAC-novision-2", TestImages.Png.Length));
        var reply = (await _hub.Fake.WaitForCallsAsync("sendMessage", chat, where: c => c.Succeeded).DefaultTimeout())[0];

        Assert.Equal(ImageResolver.CannotLookReply + ImageResolver.DescribeInWords, reply.Text);
        Assert.Equal(before, _model.Requests);
    }
}

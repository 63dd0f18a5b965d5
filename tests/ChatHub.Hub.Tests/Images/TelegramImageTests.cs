using ChatHub.Hub.Tests.Telegram;
using ChatHub.Testing.Images;
using ChatHub.Testing.Logging;
using ChatHub.Testing.OpenAi;
using ChatHub.Testing.Telegram;

namespace ChatHub.Hub.Tests.Images;

/// <summary>
/// A Telegram photo (<c>message.photo</c>, several sizes) on the real hub: the largest size is fetched by file id through
/// the fake Bot API (<c>getFile</c>, then the download with the token) and reaches the model as an image part with the
/// caption; the token is in no log line.
/// </summary>
public sealed class TelegramImageTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private FakeOpenAiServer _model = null!;
    private TelegramHub _hub = null!;

    public async Task InitializeAsync()
    {
        _model = await VisionModel.StartAsync();
        _hub = await TelegramHub.StartAsync(VisionModel.Settings(_model), _logs.Install);
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task Webhook_PhotoWithCaption_ModelReceivesTheLargestSizeAsAnImagePart()
    {
        const long chat = 7123456801;
        var path = _hub.Fake.AddFile("AgACAgIAAxkBAAIC-large", TestImages.Png);

        await _hub.PostUpdateAsync(FakeBotApi.PhotoUpdate(chat, 301, 700000301, "AgACAgIAAxkBAAIC-large", TestImages.Png.Length, "What is in this picture?"));
        var reply = (await _hub.Fake.WaitForCallsAsync("sendMessage", chat, where: c => c.Succeeded).DefaultTimeout())[0];

        Assert.StartsWith(VisionModel.Answer, reply.Text, StringComparison.Ordinal);
        var body = Assert.Single(VisionModel.WithImages(_model));
        Assert.Equal([TestImages.PngDataUri], TestImages.ImageUrls(body));
        Assert.Equal("What is in this picture?", TestImages.LastUserText(body));
        Assert.Equal("AgACAgIAAxkBAAIC-large", Assert.Single(_hub.Fake.CallsTo("getFile")).Body["file_id"]!.GetValue<string>());
        Assert.Equal([path], _hub.Fake.Downloads);
        Assert.DoesNotContain(_logs.Entries, e => e.Text.Contains(FakeBotApi.Token.Split(':')[1], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Webhook_PhotoWithoutCaption_AnsweredFromThePictureAlone()
    {
        const long chat = 7123456802;
        _hub.Fake.AddFile("AgACAgIAAxkBAAIC-alone", TestImages.Png);

        await _hub.PostUpdateAsync(FakeBotApi.PhotoUpdate(chat, 302, 700000302, "AgACAgIAAxkBAAIC-alone", TestImages.Png.Length));
        var reply = (await _hub.Fake.WaitForCallsAsync("sendMessage", chat, where: c => c.Succeeded).DefaultTimeout())[0];

        Assert.StartsWith(VisionModel.Answer, reply.Text, StringComparison.Ordinal);
        Assert.Contains(VisionModel.WithImages(_model), body => TestImages.LastUserText(body).Length == 0);
    }
}

using ChatHub.Hub.Tests.BotFramework;
using ChatHub.Testing.Images;
using ChatHub.Testing.OpenAi;

namespace ChatHub.Hub.Tests.Images;

/// <summary>
/// A Teams inline image (an <c>image/*</c> attachment with a <c>contentUrl</c>, as <c>personal_image_only</c>) on the
/// real hub: downloaded from the conversation's service host with the bot's token and sent to the model; a content URL
/// on any other host is refused, and neither requested nor given the token.
/// </summary>
public sealed class TeamsImageTests : IAsyncLifetime
{
    private FakeOpenAiServer _model = null!;
    private FakeFileHost _internal = null!;
    private BotFrameworkHub _hub = null!;

    public async Task InitializeAsync()
    {
        _model = await VisionModel.StartAsync();
        _internal = await FakeFileHost.StartAsync().DefaultTimeout();
        _hub = await BotFrameworkHub.StartAsync(VisionModel.Settings(_model));
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _internal.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task Activity_InlineImage_DownloadedWithTheBotTokenAndSentToTheModel()
    {
        var conversation = "a:1image" + BotFrameworkHub.NextId();
        var contentUrl = _hub.Connector.AddAttachment("0-eus-d1-" + BotFrameworkHub.NextId(), TestImages.Png);

        await _hub.PostActivityAsync(Activity(conversation, contentUrl, "What is in this picture?"));
        var reply = (await _hub.Connector.WaitForMessagesAsync(conversation, succeeded: true).DefaultTimeout())[0];

        Assert.StartsWith(VisionModel.Answer, reply.Body["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var body = Assert.Single(VisionModel.WithImages(_model), b => TestImages.LastUserText(b) == "What is in this picture?");
        Assert.Equal([TestImages.PngDataUri], TestImages.ImageUrls(body));
        var download = Assert.Single(_hub.Connector.AttachmentDownloads, d => contentUrl.EndsWith(d.Path, StringComparison.Ordinal));
        Assert.Equal(reply.Authorization, download.Authorization); // the bot's Bot Framework token, as for its replies
    }

    /// <summary>SSRF and token leak: a content URL the sender put on another host gets no request (and so no token).</summary>
    [Fact]
    public async Task Activity_ContentUrlOnAnotherHost_RefusedNeverRequested()
    {
        var conversation = "a:1forged" + BotFrameworkHub.NextId();
        var forged = _internal.Add("/admin/export", TestImages.Png);

        await _hub.PostActivityAsync(Activity(conversation, forged, text: null));
        var reply = (await _hub.Connector.WaitForMessagesAsync(conversation, succeeded: true).DefaultTimeout())[0];

        Assert.Equal("I could not open that picture: it is not stored with Teams.", reply.Body["text"]!.GetValue<string>());
        Assert.Empty(_internal.Requests);
    }

    private string Activity(string conversation, string contentUrl, string? text) =>
        _hub.Activity("personal_image_only", BotFrameworkHub.NextId(), conversation, activity =>
        {
            activity["attachments"]![0]!["contentUrl"] = contentUrl;
            if (text is not null)
            {
                activity["text"] = text;
            }
        });
}

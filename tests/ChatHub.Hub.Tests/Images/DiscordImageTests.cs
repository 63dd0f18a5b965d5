using System.Text.Json.Nodes;
using ChatHub.Hub.Tests.Discord;
using ChatHub.Testing.Discord;
using ChatHub.Testing.Images;
using ChatHub.Testing.OpenAi;

namespace ChatHub.Hub.Tests.Images;

/// <summary>
/// Discord image attachments on the real hub: fetched from the CDN (a loopback fake, <c>Channels:Discord:CdnBaseUrls</c>)
/// and sent to the model; a 20 MB one refused with the reason and never downloaded; one whose URL points anywhere else
/// (here a loopback "admin" endpoint that would answer with a picture) refused and never requested.
/// </summary>
public sealed class DiscordImageTests : IAsyncLifetime
{
    private FakeOpenAiServer _model = null!;
    private FakeFileHost _cdn = null!;
    private FakeFileHost _internal = null!;
    private DiscordHub _hub = null!;

    public async Task InitializeAsync()
    {
        _model = await VisionModel.StartAsync();
        _cdn = await FakeFileHost.StartAsync().DefaultTimeout();
        _internal = await FakeFileHost.StartAsync().DefaultTimeout();
        _hub = await DiscordHub.StartAsync(VisionModel.Settings(_model).With("Channels:Discord:CdnBaseUrls:0", _cdn.BaseAddress.ToString()));
        await _hub.WaitForSessionAsync();
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _internal.DisposeAsync();
        await _cdn.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task Gateway_ImageAttachment_FetchedFromTheCdnAndSentToTheModel()
    {
        const string dm = "730000000000000901";
        var url = _cdn.Add($"/attachments/{dm}/1101/photo.png", TestImages.Png, query: "?ex=6790a1b2&is=678f5032&hm=4c1e9a");

        _hub.Fake.Dispatch("MESSAGE_CREATE", WithImage(DiscordPayloads.Dm(DiscordPayloads.NextId(), dm, "What is in this picture?"), url, TestImages.Png.Length));
        var reply = (await _hub.Fake.WaitForCallsAsync(FakeRoute.CreateMessage, dm).DefaultTimeout())[0];

        Assert.StartsWith(VisionModel.Answer, reply.Content, StringComparison.Ordinal);
        var body = Assert.Single(VisionModel.WithImages(_model), b => TestImages.LastUserText(b) == "What is in this picture?");
        Assert.Equal([TestImages.PngDataUri], TestImages.ImageUrls(body));
        Assert.Contains($"/attachments/{dm}/1101/photo.png?ex=6790a1b2&is=678f5032&hm=4c1e9a", _cdn.Requests);
    }

    [Fact]
    public async Task Gateway_Attachment20MB_RefusedWithTheReasonAndNotDownloaded()
    {
        const string dm = "730000000000000902";
        var url = _cdn.Add($"/attachments/{dm}/1102/huge.png", TestImages.Png);

        _hub.Fake.Dispatch("MESSAGE_CREATE", WithImage(DiscordPayloads.Dm(DiscordPayloads.NextId(), dm, ""), url, 20L * 1024 * 1024));
        var reply = (await _hub.Fake.WaitForCallsAsync(FakeRoute.CreateMessage, dm).DefaultTimeout())[0];

        // Discord's Markdown escaping aside (the hub's own text is escaped there too), the reason word for word.
        Assert.Equal("Your picture is too large (20 MB; the limit is 10 MB). Please send a smaller one.", reply.Content!.Replace("\\", "", StringComparison.Ordinal));
        Assert.DoesNotContain(_cdn.Requests, r => r.Contains("/1102/", StringComparison.Ordinal));
    }

    /// <summary>SSRF: the attachment's URL is the sender's to forge (a self-bot, a crafted gateway payload); it is never requested.</summary>
    [Fact]
    public async Task Gateway_AttachmentUrlPointingAtAnInternalAddress_RefusedAndNeverRequested()
    {
        const string dm = "730000000000000903";
        var url = _internal.Add("/admin/users/export", TestImages.Png); // answers with a picture: fetched, it would reach the model

        _hub.Fake.Dispatch("MESSAGE_CREATE", WithImage(DiscordPayloads.Dm(DiscordPayloads.NextId(), dm, "Describe this"), url, TestImages.Png.Length));
        var replies = await _hub.Fake.WaitForCallsAsync(FakeRoute.CreateMessage, dm, count: 2).DefaultTimeout();

        Assert.Equal("I could not open that picture: it is not stored on Discord.", replies[0].Content!.Replace("\\", "", StringComparison.Ordinal));
        Assert.StartsWith(VisionModel.Answer, replies[1].Content, StringComparison.Ordinal); // the text is still answered
        Assert.Empty(_internal.Requests);
        Assert.DoesNotContain(VisionModel.WithImages(_model), b => TestImages.LastUserText(b) == "Describe this");
    }

    private static JsonObject WithImage(JsonObject message, string url, long size)
    {
        message["attachments"] = new JsonArray(new JsonObject
        {
            ["id"] = DiscordPayloads.NextId(),
            ["filename"] = "photo.png",
            ["content_type"] = "image/png",
            ["size"] = size,
            ["url"] = url,
            ["proxy_url"] = url,
            ["width"] = 1,
            ["height"] = 1,
        });
        return message;
    }
}

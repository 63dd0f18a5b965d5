using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ChatHub.Conversation.Uploads;
using ChatHub.Conversation.Users;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Testing.Images;
using ChatHub.Testing.Logging;
using ChatHub.Testing.OpenAi;
using ChatHub.Testing.SignalR;

namespace ChatHub.Hub.Tests.Images;

/// <summary>
/// Widget pictures on the real hub: <c>POST /webchat/images</c> (bounded, type from the bytes, the conversation's
/// token), then <c>SendImage</c>; the model receives the image part. A 20 MB upload is refused with the reason and a log
/// line; another conversation's upload id is refused.
/// </summary>
public sealed class WebChatImageTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private FakeOpenAiServer _model = null!;
    private HubServer _hub = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _model = await VisionModel.StartAsync();
        _hub = await HubServer.StartAsync(VisionModel.Settings(_model), _logs.Install);
        _http = new HttpClient { BaseAddress = _hub.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _hub.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task UploadThenSendImage_ModelReceivesTheImagePartWithTheText()
    {
        await using var person = await WebChatUser.JoinAsync(_hub.BaseAddress).DefaultTimeout();

        var imageId = await UploadAsync(person.Token, TestImages.Png);
        var sent = await person.Client.InvokeAsync("SendImage", "What is in this picture?", "m-img-1", imageId).DefaultTimeout();
        var reply = await NextReplyToAsync(person, "m-img-1");

        Assert.True(sent.GetProperty("accepted").GetBoolean());
        Assert.StartsWith(VisionModel.Answer, reply, StringComparison.Ordinal);
        var body = Assert.Single(VisionModel.WithImages(_model), b => TestImages.LastUserText(b) == "What is in this picture?");
        Assert.Equal([TestImages.PngDataUri], TestImages.ImageUrls(body));
    }

    [Fact]
    public async Task Upload20MB_413WithTheReasonAndALogLine()
    {
        await using var person = await WebChatUser.JoinAsync(_hub.BaseAddress).DefaultTimeout();

        using var response = await PostAsync(person.Token, TestImages.PngOfSize(20 * 1024 * 1024));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>().DefaultTimeout();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("Your picture is too large (20 MB; the limit is 10 MB). Please send a smaller one.", problem.GetProperty("detail").GetString());
        Assert.Contains(_logs.Entries, e => e.EventId == 1451 && e.Text.Contains("413", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upload_NotAnImageWhateverItsContentType_415()
    {
        await using var person = await WebChatUser.JoinAsync(_hub.BaseAddress).DefaultTimeout();

        using var response = await PostAsync(person.Token, TestImages.NotAnImage);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Upload_WithoutAToken_401()
    {
        using var response = await PostAsync(token: null, TestImages.Png);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SendImage_AnotherConversationsUpload_RefusedAndNotPublished()
    {
        await using var owner = await WebChatUser.JoinAsync(_hub.BaseAddress).DefaultTimeout();
        await using var other = await WebChatUser.JoinAsync(_hub.BaseAddress).DefaultTimeout();
        var imageId = await UploadAsync(owner.Token, TestImages.Png);

        var sent = await other.Client.InvokeAsync("SendImage", "", "m-steal-1", imageId).DefaultTimeout();

        Assert.False(sent.GetProperty("accepted").GetBoolean());
        Assert.Contains("expired or was not uploaded here", sent.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Erasure_TheUploadEraserIsAmongTheErasers()
    {
        Assert.Contains(_hub.Services.GetServices<IUserDataEraser>(), eraser => eraser is UploadEraser);
    }

    private async Task<string> UploadAsync(string token, byte[] bytes)
    {
        using var response = await PostAsync(token, bytes);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>().DefaultTimeout()).GetProperty("imageId").GetString()!;
    }

    private async Task<HttpResponseMessage> PostAsync(string? token, byte[] bytes)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, WebChatImageUploadsPath) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("image/png"); // declared; the bytes decide
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _http.SendAsync(request).DefaultTimeout();
    }

    private const string WebChatImageUploadsPath = "/webchat/images";

    private static async Task<string> NextReplyToAsync(WebChatUser person, string clientMessageId)
    {
        while (true)
        {
            var reply = await person.NextFinalAsync().DefaultTimeout();
            if (reply.GetProperty("inReplyTo").GetString() == clientMessageId)
            {
                return reply.GetProperty("text").GetString()!;
            }
        }
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ChatHub.Conversation.Voice;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Testing.Audio;
using ChatHub.Testing.Logging;
using ChatHub.Testing.OpenAi;
using ChatHub.Testing.SignalR;

namespace ChatHub.Hub.Tests.Voice;

/// <summary>
/// Widget voice messages on the real hub: <c>POST /webchat/voice</c> (the conversation's token, bounded, type from the
/// bytes), then <c>SendVoice</c>: transcribed and answered. A 20 MB upload is refused with the reason and a log line;
/// another conversation's voice id is refused.
/// </summary>
public sealed class WebChatVoiceTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private FakeOpenAiServer _model = null!;
    private HubServer _hub = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _model = await VoiceModel.StartAsync();
        _hub = await HubServer.StartAsync(VoiceModel.Settings(_model), _logs.Install);
        _http = new HttpClient { BaseAddress = _hub.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _hub.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task UploadThenSendVoice_TranscribedAndAnswered()
    {
        await using var person = await WebChatUser.JoinAsync(_hub.BaseAddress).DefaultTimeout();
        var clip = TestAudio.OggOpus(1.0);

        var (status, body) = await UploadAsync(person.Token, clip);
        var sent = await person.Client.InvokeAsync("SendVoice", "", "m-voice-1", body.GetProperty("voiceId").GetString()).DefaultTimeout();

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("audio/ogg", body.GetProperty("mediaType").GetString());
        Assert.True(sent.GetProperty("accepted").GetBoolean());
        var replies = await RepliesToAsync(person, "m-voice-1", 2);
        Assert.Equal(VoiceTranscriber.Heard(FakeOpenAiServer.DefaultTranscript), replies[0]);
        Assert.StartsWith(VoiceModel.Answer, replies[1], StringComparison.Ordinal);
        Assert.Contains(_model.Transcriptions, t => t.Audio.SequenceEqual(clip));
    }

    [Fact]
    public async Task Upload20MB_413WithTheReasonAndALogLine()
    {
        await using var person = await WebChatUser.JoinAsync(_hub.BaseAddress).DefaultTimeout();

        var (status, body) = await UploadAsync(person.Token, [.. TestAudio.OggOpus(0.2), .. new byte[20 * 1024 * 1024]]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("Your voice message is too large", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(_logs.Entries, e => e.EventId == 1453 && e.Text.Contains("413", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UploadNotAudio_415AndNoToken_401()
    {
        await using var person = await WebChatUser.JoinAsync(_hub.BaseAddress).DefaultTimeout();

        var (notAudio, _) = await UploadAsync(person.Token, "ID3\u0004 an mp3"u8.ToArray());
        var (noToken, _) = await UploadAsync(null, TestAudio.OggOpus(0.2));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notAudio);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken);
    }

    [Fact]
    public async Task SendVoice_AnotherConversationsUpload_Refused()
    {
        await using var owner = await WebChatUser.JoinAsync(_hub.BaseAddress).DefaultTimeout();
        await using var other = await WebChatUser.JoinAsync(_hub.BaseAddress).DefaultTimeout();
        var (_, body) = await UploadAsync(owner.Token, TestAudio.OggOpus(0.2));

        var sent = await other.Client.InvokeAsync("SendVoice", "", "m-voice-2", body.GetProperty("voiceId").GetString()).DefaultTimeout();

        Assert.False(sent.GetProperty("accepted").GetBoolean());
        Assert.Contains("expired or was not uploaded here", sent.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(_model.Transcriptions);
    }

    private static async Task<List<string>> RepliesToAsync(WebChatUser person, string clientMessageId, int count)
    {
        var texts = new List<string>();
        while (texts.Count < count)
        {
            var reply = await person.NextFinalAsync().DefaultTimeout();
            if (reply.GetProperty("inReplyTo").GetString() == clientMessageId)
            {
                texts.Add(reply.GetProperty("text").GetString()!);
            }
        }

        return texts;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(string? token, byte[] audio)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webchat/voice") { Content = new ByteArrayContent(audio) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _http.SendAsync(request).DefaultTimeout();
        var text = await response.Content.ReadAsStringAsync().DefaultTimeout();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}

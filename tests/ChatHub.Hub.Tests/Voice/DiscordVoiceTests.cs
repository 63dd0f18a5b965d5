using System.Text.Json.Nodes;
using ChatHub.Conversation.Voice;
using ChatHub.Hub.Tests.Discord;
using ChatHub.Testing.Audio;
using ChatHub.Testing.Discord;
using ChatHub.Testing.Images;
using ChatHub.Testing.OpenAi;

namespace ChatHub.Hub.Tests.Voice;

/// <summary>
/// Discord voice messages (flag IS_VOICE_MESSAGE, an <c>audio/ogg</c> attachment with <c>duration_secs</c>) on the real
/// hub: fetched from the CDN (a loopback fake, <c>Channels:Discord:CdnBaseUrls</c>), transcribed and answered; one
/// whose URL points anywhere else refused and never requested.
/// </summary>
public sealed class DiscordVoiceTests : IAsyncLifetime
{
    private FakeOpenAiServer _model = null!;
    private FakeFileHost _cdn = null!;
    private FakeFileHost _internal = null!;
    private DiscordHub _hub = null!;

    public async Task InitializeAsync()
    {
        _model = await VoiceModel.StartAsync();
        _cdn = await FakeFileHost.StartAsync().DefaultTimeout();
        _internal = await FakeFileHost.StartAsync().DefaultTimeout();
        var settings = VoiceModel.Settings(_model);
        settings["Channels:Discord:CdnBaseUrls:0"] = _cdn.BaseAddress.ToString();
        _hub = await DiscordHub.StartAsync(settings);
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
    public async Task Gateway_VoiceMessage_FetchedFromTheCdnTranscribedAndAnswered()
    {
        const string dm = "730000000000000951";
        var clip = TestAudio.OggOpus(1.0);
        var url = _cdn.Add($"/attachments/{dm}/1201/voice-message.ogg", clip, contentType: "audio/ogg", query: "?ex=6790a1b2&is=678f5032&hm=4c1e9a");

        _hub.Fake.Dispatch("MESSAGE_CREATE", WithVoice(DiscordPayloads.Dm(DiscordPayloads.NextId(), dm, ""), url, clip.Length));
        var replies = await _hub.Fake.WaitForCallsAsync(FakeRoute.CreateMessage, dm, count: 2).DefaultTimeout();

        Assert.Equal(VoiceTranscriber.Heard(FakeOpenAiServer.DefaultTranscript), replies[0].Content!.Replace("\\", "", StringComparison.Ordinal));
        Assert.StartsWith(VoiceModel.Answer, replies[1].Content, StringComparison.Ordinal);
        Assert.Contains(_model.Transcriptions, t => t.Audio.SequenceEqual(clip));
        Assert.Contains($"/attachments/{dm}/1201/voice-message.ogg?ex=6790a1b2&is=678f5032&hm=4c1e9a", _cdn.Requests);
    }

    /// <summary>SSRF: the attachment's URL is the sender's to forge; it is never requested, nothing is transcribed.</summary>
    [Fact]
    public async Task Gateway_VoiceUrlPointingAtAnInternalAddress_RefusedAndNeverRequested()
    {
        const string dm = "730000000000000952";
        var url = _internal.Add("/admin/recordings/latest.ogg", TestAudio.OggOpus(0.2), contentType: "audio/ogg");

        _hub.Fake.Dispatch("MESSAGE_CREATE", WithVoice(DiscordPayloads.Dm(DiscordPayloads.NextId(), dm, ""), url, 2_000));
        var reply = (await _hub.Fake.WaitForCallsAsync(FakeRoute.CreateMessage, dm).DefaultTimeout())[0];

        Assert.Equal("I could not open that voice message: it is not stored on Discord.", reply.Content!.Replace("\\", "", StringComparison.Ordinal));
        Assert.Empty(_internal.Requests);
    }

    /// <summary>A voice message as Discord dispatches it: flags 1 &lt;&lt; 13 and one attachment (resources/message#attachment-object).</summary>
    private static JsonObject WithVoice(JsonObject message, string url, long size)
    {
        message["flags"] = 1 << 13;
        message["attachments"] = new JsonArray(new JsonObject
        {
            ["id"] = DiscordPayloads.NextId(),
            ["filename"] = "voice-message.ogg",
            ["content_type"] = "audio/ogg",
            ["size"] = size,
            ["url"] = url,
            ["proxy_url"] = url,
            ["duration_secs"] = 1.0,
            ["waveform"] = "AAAAAAAAAAAAAAAA",
        });
        return message;
    }
}

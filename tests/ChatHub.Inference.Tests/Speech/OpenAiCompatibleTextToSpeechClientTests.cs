using System.ClientModel;
using ChatHub.Inference.Speech;
using ChatHub.Testing.OpenAi;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Tests.Speech;

/// <summary>The OpenAI-compatible speech backend against the fake <c>/v1/audio/speech</c> (JSON in, audio bytes out, as documented).</summary>
public sealed class OpenAiCompatibleTextToSpeechClientTests
{
    [Fact]
    public async Task GetAudioAsync_Text_AsksForOggOpusInTheConfiguredVoiceAndReturnsTheBytes()
    {
        await using var server = await FakeOpenAiServer.StartAsync().DefaultTimeout();
        using var client = new OpenAiCompatibleTextToSpeechClient(Options(server));

        var response = await client.GetAudioAsync("We open at nine.").DefaultTimeout();

        var request = Assert.Single(server.Speeches);
        Assert.Equal(("tts-test", "We open at nine.", "nova", "opus", "Bearer speech-key"), (request.Model, request.Input, request.Voice, request.ResponseFormat, request.Authorization));
        var audio = Assert.IsType<DataContent>(Assert.Single(response.Contents));
        Assert.Equal(FakeOpenAiServer.SpokenAudio("We open at nine."), audio.Data.ToArray());
    }

    [Fact]
    public async Task GetAudioAsync_CallerNamesVoiceAndFormat_TheirsWin()
    {
        await using var server = await FakeOpenAiServer.StartAsync().DefaultTimeout();
        server.SpeechScript = _ => [1, 2, 3];
        using var client = new OpenAiCompatibleTextToSpeechClient(Options(server));

        await client.GetAudioAsync("Hi.", new TextToSpeechOptions { VoiceId = "echo", AudioFormat = "wav" }).DefaultTimeout();

        var request = Assert.Single(server.Speeches);
        Assert.Equal(("echo", "wav"), (request.Voice, request.ResponseFormat));
    }

    [Fact]
    public async Task GetAudioAsync_SeparateSpeechServer_UsesItAndItsKey()
    {
        await using var transcription = await FakeOpenAiServer.StartAsync().DefaultTimeout();
        await using var speech = await FakeOpenAiServer.StartAsync().DefaultTimeout();
        var options = Options(transcription);
        options.ReplyEndpoint = speech.Endpoint;
        options.ReplyApiKey = "tts-key";
        using var client = new OpenAiCompatibleTextToSpeechClient(options);

        await client.GetAudioAsync("Hi.").DefaultTimeout();

        Assert.Empty(transcription.Speeches);
        Assert.Equal("Bearer tts-key", Assert.Single(speech.Speeches).Authorization);
    }

    [Fact]
    public async Task GetAudioAsync_ServerFails_ThrowsWithTheStatusAndDoesNotRetry()
    {
        await using var server = await FakeOpenAiServer.StartAsync().DefaultTimeout();
        server.FailSpeech = true;
        using var client = new OpenAiCompatibleTextToSpeechClient(Options(server));

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.GetAudioAsync("Hi.")).DefaultTimeout();

        Assert.Equal(500, error.Status);
        Assert.Single(server.Speeches);
    }

    [Fact]
    public void Constructor_NoSpeechEndpoint_Throws() =>
        Assert.Throws<ArgumentException>(() => new OpenAiCompatibleTextToSpeechClient(new SpeechOptions { ReplyWithVoice = true }));

    private static SpeechOptions Options(FakeOpenAiServer server) => new()
    {
        Endpoint = server.Endpoint, ApiKey = "speech-key", ReplyWithVoice = true, ReplyModel = "tts-test", ReplyVoice = "nova",
    };
}

using System.ClientModel;
using ChatHub.Inference.Speech;
using ChatHub.Testing.OpenAi;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Tests.Speech;

/// <summary>The OpenAI-compatible transcription backend against the fake <c>/v1/audio/transcriptions</c> (multipart, as documented).</summary>
public sealed class OpenAiCompatibleSpeechToTextClientTests
{
    /// <summary>The first bytes of an Ogg stream ("OggS", version 0, first page): enough for the file name to say .ogg.</summary>
    private static readonly byte[] OggAudio = [(byte)'O', (byte)'g', (byte)'g', (byte)'S', 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8];

    [Fact]
    public async Task GetTextAsync_OggVoice_SendsTheFileModelKeyAndLanguageAndReadsTheText()
    {
        await using var server = await FakeOpenAiServer.StartAsync().DefaultTimeout();
        using var client = new OpenAiCompatibleSpeechToTextClient(Options(server));

        var response = await client.GetTextAsync(new MemoryStream(OggAudio), new SpeechToTextOptions { SpeechLanguage = "de" }).DefaultTimeout();

        var request = Assert.Single(server.Transcriptions);
        Assert.Equal(FakeOpenAiServer.DefaultTranscript, response.Text);
        Assert.Equal(OggAudio, request.Audio);
        Assert.Equal("whisper-test", request.Model);
        Assert.Equal("de", request.Language);
        Assert.Equal("Bearer speech-key", request.Authorization);
        Assert.Equal("voice.ogg", request.FileName);
    }

    [Theory]
    [InlineData(new byte[] { 0x4F, 0x67, 0x67, 0x53, 0, 2 }, "voice.ogg")]
    [InlineData(new byte[] { 0x1A, 0x45, 0xDF, 0xA3, 0x9F }, "voice.webm")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x41, 0x56, 0x45 }, "voice.wav")]
    [InlineData(new byte[] { 0x49, 0x44, 0x33, 4 }, "voice.mp3")]
    [InlineData(new byte[] { 0x66, 0x4C, 0x61, 0x43 }, "voice.flac")]
    [InlineData(new byte[] { 0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70 }, "voice.m4a")]
    [InlineData(new byte[] { 1, 2, 3 }, "voice.ogg")]
    public void For_FirstBytes_NamesTheFormat(byte[] head, string expected) => Assert.Equal(expected, AudioFileNames.For(head));

    [Fact]
    public async Task GetTextAsync_LanguageConfigured_SendsItOverTheCallers()
    {
        await using var server = await FakeOpenAiServer.StartAsync().DefaultTimeout();
        var options = Options(server);
        options.Language = "fr";
        using var client = new OpenAiCompatibleSpeechToTextClient(options);

        await client.GetTextAsync(new MemoryStream(OggAudio), new SpeechToTextOptions { SpeechLanguage = "de" }).DefaultTimeout();

        Assert.Equal("fr", Assert.Single(server.Transcriptions).Language);
    }

    [Fact]
    public async Task GetTextAsync_ServerFails_ThrowsWithTheStatus()
    {
        await using var server = await FakeOpenAiServer.StartAsync().DefaultTimeout();
        server.FailTranscriptions = true;
        using var client = new OpenAiCompatibleSpeechToTextClient(Options(server));

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.GetTextAsync(new MemoryStream(OggAudio))).DefaultTimeout();

        Assert.Equal(500, error.Status);
        Assert.Single(server.Transcriptions); // no retries: the caller decides
    }

    [Fact]
    public void Constructor_NoEndpoint_Throws() =>
        Assert.Throws<ArgumentException>(() => new OpenAiCompatibleSpeechToTextClient(new SpeechOptions()));

    private static SpeechOptions Options(FakeOpenAiServer server) => new() { Endpoint = server.Endpoint, Model = "whisper-test", ApiKey = "speech-key" };
}

using ChatHub.Inference.Speech;
using ChatHub.Testing.Audio;
using ChatHub.Testing.Whisper;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Whisper.net;

namespace ChatHub.Inference.Tests.Speech;

/// <summary>
/// whisper.cpp in process (Whisper.net and its native runtime) on a tiny random model written by the test: the model
/// loads, an Ogg Opus voice note is decoded and run, some text (noise) or none comes back, and the client disposes.
/// Mechanics, not wording.
/// </summary>
public sealed class LocalWhisperSpeechToTextClientTests : IDisposable
{
    private readonly string _model = SyntheticWhisperModel.TempPath();

    public LocalWhisperSpeechToTextClientTests() => SyntheticWhisperModel.Write(_model);

    public void Dispose() => File.Delete(_model);

    [Fact]
    public async Task GetTextAsync_OggOpusVoiceNote_RunsTheModelAndReturnsItsText()
    {
        using var client = new LocalWhisperSpeechToTextClient(new SpeechOptions { ModelPath = _model, Threads = 2 });

        var response = await client.GetTextAsync(new MemoryStream(TestAudio.OggOpus(1.0)), new SpeechToTextOptions { SpeechLanguage = "en" })
            .DefaultTimeout();

        // What a random model says is noise; that the model ran is the point: Whisper.net's segments are the raw answer.
        Assert.IsType<List<SegmentData>>(response.RawRepresentation);
        Assert.Equal(string.Concat(((List<SegmentData>)response.RawRepresentation!).Select(segment => segment.Text)).Trim(), response.Text.Trim());
    }

    [Fact]
    public async Task GetTextAsync_TwoCallsAtOnce_BothComplete()
    {
        using var client = new LocalWhisperSpeechToTextClient(new SpeechOptions { ModelPath = _model, Threads = 1 });
        var clip = TestAudio.OggOpus(0.5);

        var both = await Task.WhenAll(
            client.GetTextAsync(new MemoryStream(clip)), client.GetTextAsync(new MemoryStream(clip))).DefaultTimeout();

        Assert.Equal(2, both.Length);
    }

    [Fact]
    public async Task GetTextAsync_NotOggOrWav_InvalidData()
    {
        using var client = new LocalWhisperSpeechToTextClient(new SpeechOptions { ModelPath = _model });

        await Assert.ThrowsAsync<InvalidDataException>(() => client.GetTextAsync(new MemoryStream("ID3\u0004mp3"u8.ToArray()))).DefaultTimeout();
    }

    [Fact]
    public void Validate_SyntheticModel_IsAGgmlModel() =>
        Assert.True(new SpeechOptionsValidator().Validate(null, new SpeechOptions { ModelPath = _model }).Succeeded);

    [Fact]
    public void Validate_NotAGgmlFile_FailsWithTheReason()
    {
        var gguf = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(gguf, "GGUF\u0003\0\0\0"u8.ToArray());

            var result = new SpeechOptionsValidator().Validate(null, new SpeechOptions { ModelPath = gguf });

            Assert.Contains("not a whisper.cpp ggml model", result.FailureMessage, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(gguf);
        }
    }

    [Fact]
    public void AddSpeech_ModelPath_RegistersTheLocalClient()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Inference:Speech:ModelPath"] = _model }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddInference(configuration).AddSpeech();
        using var provider = services.BuildServiceProvider();

        Assert.IsType<LocalWhisperSpeechToTextClient>(provider.GetRequiredService<ISpeechToTextClient>());
    }
}

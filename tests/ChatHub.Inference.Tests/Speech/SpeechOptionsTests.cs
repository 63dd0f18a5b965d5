using ChatHub.Inference.Speech;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatHub.Inference.Tests.Speech;

/// <summary><c>Inference:Speech</c>: validated at start, a client only where a backend is set, the key never shown.</summary>
public sealed class SpeechOptionsTests
{
    [Theory]
    [InlineData("https://api.openai.com/v1", "whisper-1", null, null, null)]
    [InlineData("ftp://example.org/v1", "whisper-1", null, null, "absolute http(s)")]
    [InlineData("https://api.openai.com/v1", "", null, null, "Model is required")]
    [InlineData("https://api.openai.com/v1", "whisper-1", "/no/such/model.bin", null, "not both")]
    [InlineData(null, null, "/no/such/model.bin", null, "names no file")]
    [InlineData("https://api.openai.com/v1", "whisper-1", null, "English", "ISO 639-1")]
    [InlineData("https://api.openai.com/v1", "whisper-1", null, "en", null)]
    public void Validate_Settings_FailsWithTheReason(string? endpoint, string? model, string? modelPath, string? language, string? error)
    {
        var options = new SpeechOptions
        {
            Endpoint = endpoint is null ? null : new Uri(endpoint), Model = model, ModelPath = modelPath, Language = language,
        };

        var result = new SpeechOptionsValidator().Validate(null, options);

        if (error is null)
        {
            Assert.True(result.Succeeded, result.FailureMessage);
        }
        else
        {
            Assert.True(result.Failed);
            Assert.Contains(error, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("https://api.openai.com/v1", null, null, "tts-1", "alloy", null)]
    [InlineData(null, "/no/such/model.bin", "http://127.0.0.1:8000/v1", "tts-1", "alloy", "names no file")] // only the whisper file is wrong
    [InlineData(null, null, "http://127.0.0.1:8000/v1", "tts-1", "alloy", "needs a transcription backend")]
    [InlineData("https://api.openai.com/v1", null, "file:///tmp/speech", "tts-1", "alloy", "ReplyEndpoint must be an absolute http(s)")]
    [InlineData("https://api.openai.com/v1", null, null, "", "alloy", "ReplyModel is required")]
    [InlineData("https://api.openai.com/v1", null, null, "tts-1", " ", "ReplyVoice is required")]
    public void Validate_ReplyWithVoice_FailsWithTheReason(string? endpoint, string? modelPath, string? replyEndpoint, string? replyModel, string? voice, string? error)
    {
        var options = new SpeechOptions
        {
            Endpoint = endpoint is null ? null : new Uri(endpoint), ModelPath = modelPath, ReplyWithVoice = true,
            ReplyEndpoint = replyEndpoint is null ? null : new Uri(replyEndpoint), ReplyModel = replyModel, ReplyVoice = voice,
        };

        var result = new SpeechOptionsValidator().Validate(null, options);

        if (error is null)
        {
            Assert.True(result.Succeeded, result.FailureMessage);
        }
        else
        {
            Assert.True(result.Failed);
            Assert.Contains(error, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SpeechEndpoint_ReplyEndpointSet_ItAndItsKeyWin()
    {
        var options = new SpeechOptions { Endpoint = new Uri("https://stt.example/v1"), ApiKey = "stt-key", ReplyEndpoint = new Uri("https://tts.example/v1"), ReplyApiKey = "tts-key" };

        Assert.Equal((new Uri("https://tts.example/v1"), "tts-key"), (options.SpeechEndpoint, options.SpeechApiKey));
        Assert.Equal((new Uri("https://stt.example/v1"), "stt-key"), (new SpeechOptions { Endpoint = options.Endpoint, ApiKey = "stt-key" }.SpeechEndpoint, "stt-key"));
    }

    [Fact]
    public void ToString_ReplyApiKey_Redacted() =>
        Assert.DoesNotContain("sk-tts-secret", new SpeechOptions { ReplyApiKey = "sk-tts-secret", ReplyWithVoice = true }.ToString(), StringComparison.Ordinal);

    [Fact]
    public void AddSpeech_ReplyWithVoice_RegistersTheTextToSpeechClient()
    {
        using var provider = Build(new()
        {
            ["Inference:Speech:Endpoint"] = "http://127.0.0.1:9/v1", ["Inference:Speech:ReplyWithVoice"] = "true",
        });

        Assert.IsType<OpenAiCompatibleTextToSpeechClient>(provider.GetRequiredService<ITextToSpeechClient>());
    }

    [Fact]
    public void AddSpeech_TranscriptionOnly_RegistersNoTextToSpeechClient()
    {
        using var provider = Build(new() { ["Inference:Speech:Endpoint"] = "http://127.0.0.1:9/v1" });

        Assert.NotNull(provider.GetService<ISpeechToTextClient>());
        Assert.Null(provider.GetService<ITextToSpeechClient>());
    }

    [Fact]
    public void Validate_NoBackend_Skips() => Assert.True(new SpeechOptionsValidator().Validate(null, new SpeechOptions()).Skipped);

    [Fact]
    public void ToString_ApiKey_Redacted() =>
        Assert.DoesNotContain("sk-secret", new SpeechOptions { ApiKey = "sk-secret", Endpoint = new Uri("https://api.openai.com/v1") }.ToString(), StringComparison.Ordinal);

    [Fact]
    public void AddSpeech_NoBackend_RegistersNoClient()
    {
        using var provider = Build([]);

        Assert.Null(provider.GetService<ISpeechToTextClient>());
    }

    [Fact]
    public void AddSpeech_Endpoint_RegistersTheOpenAiCompatibleClient()
    {
        using var provider = Build(new() { ["Inference:Speech:Endpoint"] = "http://127.0.0.1:9/v1", ["Inference:Speech:Model"] = "whisper-1" });

        Assert.IsType<OpenAiCompatibleSpeechToTextClient>(provider.GetRequiredService<ISpeechToTextClient>());
    }

    [Fact]
    public void AddSpeech_BadEndpoint_OptionsFailValidation()
    {
        using var provider = Build(new() { ["Inference:Speech:Endpoint"] = "http://127.0.0.1:9/v1", ["Inference:Speech:Model"] = "" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SpeechOptions>>().Value);
        Assert.Contains("Model is required", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddInference(configuration).AddSpeech();
        return services.BuildServiceProvider();
    }
}

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

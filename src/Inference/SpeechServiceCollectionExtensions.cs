using ChatHub.Inference.Speech;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatHub.Inference;

/// <summary>Registers speech to text for voice messages, and text to speech for spoken replies (<see cref="SpeechOptions"/>, <c>Inference:Speech</c>).</summary>
public static class SpeechServiceCollectionExtensions
{
    /// <summary>
    /// The options (validated at start) and, when <c>Inference:Speech:Endpoint</c> is set, an
    /// <see cref="OpenAiCompatibleSpeechToTextClient"/> as the <see cref="ISpeechToTextClient"/>, or, when
    /// <c>Inference:Speech:ModelPath</c> is, whisper.cpp in process (<see cref="LocalWhisperSpeechToTextClient"/>). Without a backend no
    /// client is registered: the worker tells people it can't listen to voice messages yet. With
    /// <c>Inference:Speech:ReplyWithVoice</c>, an <see cref="OpenAiCompatibleTextToSpeechClient"/> as the
    /// <see cref="ITextToSpeechClient"/> that speaks the answers to voice messages.
    /// </summary>
    public static InferenceBuilder AddSpeech(this InferenceBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<SpeechOptions>().BindConfiguration(SpeechOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SpeechOptions>, SpeechOptionsValidator>());
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{SpeechOptions.SectionName}:{nameof(SpeechOptions.Endpoint)}"]))
        {
            services.TryAddSingleton<ISpeechToTextClient>(static provider =>
                new OpenAiCompatibleSpeechToTextClient(provider.GetRequiredService<IOptions<SpeechOptions>>().Value));
        }
        else if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{SpeechOptions.SectionName}:{nameof(SpeechOptions.ModelPath)}"]))
        {
            services.TryAddSingleton<ISpeechToTextClient>(static provider =>
                new LocalWhisperSpeechToTextClient(provider.GetRequiredService<IOptions<SpeechOptions>>().Value));
        }

        if (builder.Configuration.GetValue<bool>($"{SpeechOptions.SectionName}:{nameof(SpeechOptions.ReplyWithVoice)}"))
        {
            services.TryAddSingleton<ITextToSpeechClient>(static provider =>
                new OpenAiCompatibleTextToSpeechClient(provider.GetRequiredService<IOptions<SpeechOptions>>().Value));
        }

        return builder;
    }
}

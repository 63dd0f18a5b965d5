using Microsoft.Extensions.Options;

namespace ChatHub.Inference.Speech;

/// <summary>
/// One backend at most; an endpoint must be an absolute http(s) address with a model name; a model path must name an
/// existing file. Spoken replies need a transcription backend (they answer voice messages), a speech server, a model
/// and a voice.
/// </summary>
internal sealed class SpeechOptionsValidator : IValidateOptions<SpeechOptions>
{
    public ValidateOptionsResult Validate(string? name, SpeechOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var hasPath = !string.IsNullOrWhiteSpace(options.ModelPath);
        if (options.Endpoint is null && !hasPath && !options.ReplyWithVoice)
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        if (options.ReplyWithVoice)
        {
            ValidateReplies(options, hasPath, errors);
        }

        if (options.Endpoint is not null && hasPath)
        {
            errors.Add($"{SpeechOptions.SectionName}: set Endpoint (a transcription server) or ModelPath (whisper.cpp in process), not both.");
        }

        if (options.Endpoint is { } endpoint)
        {
            if (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https"))
            {
                errors.Add($"{SpeechOptions.SectionName}:Endpoint must be an absolute http(s) address such as https://api.openai.com/v1.");
            }

            if (string.IsNullOrWhiteSpace(options.Model))
            {
                errors.Add($"{SpeechOptions.SectionName}:Model is required with an endpoint (the transcription model the server serves, e.g. whisper-1).");
            }
        }

        if (hasPath && !File.Exists(options.ModelPath))
        {
            errors.Add($"{SpeechOptions.SectionName}:ModelPath names no file: {options.ModelPath}");
        }
        else if (hasPath && !IsGgml(options.ModelPath!))
        {
            errors.Add($"{SpeechOptions.SectionName}:ModelPath is not a whisper.cpp ggml model (ggml-base.bin and the like; a GGUF file is not one): {options.ModelPath}");
        }

        if (options.Language is { Length: > 0 } language && (language.Length is < 2 or > 3 || !language.All(char.IsAsciiLetterLower)))
        {
            errors.Add($"{SpeechOptions.SectionName}:Language must be an ISO 639-1 code in lower case (en, de), or empty.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateReplies(SpeechOptions options, bool hasPath, List<string> errors)
    {
        const string Section = SpeechOptions.SectionName;
        if (options.Endpoint is null && !hasPath)
        {
            errors.Add($"{Section}:ReplyWithVoice answers voice messages with voice: it needs a transcription backend too (Endpoint or ModelPath).");
        }

        if (options.SpeechEndpoint is not { } speech)
        {
            errors.Add($"{Section}:ReplyWithVoice needs an OpenAI-compatible /v1/audio/speech server: set ReplyEndpoint (or Endpoint).");
        }
        else if (!speech.IsAbsoluteUri || speech.Scheme is not ("http" or "https"))
        {
            errors.Add($"{Section}:ReplyEndpoint must be an absolute http(s) address such as https://api.openai.com/v1.");
        }

        if (string.IsNullOrWhiteSpace(options.ReplyModel))
        {
            errors.Add($"{Section}:ReplyModel is required with ReplyWithVoice (the speech model the server serves, e.g. tts-1).");
        }

        if (string.IsNullOrWhiteSpace(options.ReplyVoice))
        {
            errors.Add($"{Section}:ReplyVoice is required with ReplyWithVoice (the server's voice name, e.g. alloy).");
        }
    }

    /// <summary>The file starts with ggml's magic (0x67676d6c, little-endian), as whisper.cpp's loader checks first.</summary>
    private static bool IsGgml(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && BitConverter.ToUInt32(magic) == 0x67676d6c;
    }
}

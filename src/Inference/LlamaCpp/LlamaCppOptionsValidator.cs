using Microsoft.Extensions.Options;

namespace ChatHub.Inference.LlamaCpp;

/// <summary>Checks what data annotations cannot: the model file exists and the thread budget fits the machine.</summary>
internal sealed class LlamaCppOptionsValidator : IValidateOptions<LlamaCppOptions>
{
    private readonly int _processorCount;

    public LlamaCppOptionsValidator()
        : this(Environment.ProcessorCount)
    {
    }

    internal LlamaCppOptionsValidator(int processorCount) => _processorCount = processorCount;

    public ValidateOptionsResult Validate(string? name, LlamaCppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        if (!File.Exists(options.Path))
        {
            errors.Add($"{LlamaCppOptions.SectionName}:Path: the model file '{options.Path}' does not exist (full path '{System.IO.Path.GetFullPath(options.Path)}').");
        }

        if (options.Threads > _processorCount)
        {
            errors.Add($"{LlamaCppOptions.SectionName}:Threads is {options.Threads}, more than the {_processorCount} cores of this machine; more threads than cores slows llama.cpp down by orders of magnitude.");
        }

        var threads = options.Threads == 0 ? _processorCount : options.Threads;
        if (options.Instances > threads)
        {
            errors.Add($"{LlamaCppOptions.SectionName}:Instances is {options.Instances}, more than the {threads} threads available; each instance needs at least one.");
        }

        if (options.MaxTokens >= options.ContextSize)
        {
            errors.Add($"{LlamaCppOptions.SectionName}:MaxTokens ({options.MaxTokens}) must be less than ContextSize ({options.ContextSize}).");
        }

        if (!string.IsNullOrEmpty(options.NativeLibraryPath) && !Directory.Exists(options.NativeLibraryPath))
        {
            errors.Add($"{LlamaCppOptions.SectionName}:NativeLibraryPath: the folder '{options.NativeLibraryPath}' does not exist.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

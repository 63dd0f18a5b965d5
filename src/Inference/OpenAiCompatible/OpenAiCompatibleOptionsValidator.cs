using Microsoft.Extensions.Options;

namespace ChatHub.Inference.OpenAiCompatible;

/// <summary>With an endpoint set, it must be an absolute http(s) address and a model name must be given.</summary>
internal sealed class OpenAiCompatibleOptionsValidator : IValidateOptions<OpenAiCompatibleOptions>
{
    public ValidateOptionsResult Validate(string? name, OpenAiCompatibleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoint is null)
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        if (!options.Endpoint.IsAbsoluteUri || options.Endpoint.Scheme is not ("http" or "https"))
        {
            errors.Add($"{OpenAiCompatibleOptions.SectionName}:Endpoint must be an absolute http(s) address such as http://localhost:8000/v1.");
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            errors.Add($"{OpenAiCompatibleOptions.SectionName}:Model is required with an endpoint (the model name the server serves).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

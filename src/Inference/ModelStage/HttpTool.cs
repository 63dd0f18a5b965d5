using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.SemanticKernel;

namespace ChatHub.Inference.ModelStage;

/// <summary>
/// An operator HTTP tool (<see cref="HttpToolOptions"/>) as a kernel function of the plugin <see cref="PluginName"/>:
/// checks the model's arguments against the declared schema (required properties, primitive types, enums), fills the
/// URL template (escaped), sends the other arguments as the query (GET) or a JSON body (POST) with the secret header,
/// follows no redirect, refuses a host outside the allow-list, and reads at most <see cref="MaxResponseBytes"/>.
/// A non-success status is a failure (the model is told the tool failed). The hub user id of the person asking goes in
/// <see cref="ToolOptions.CallerHeader"/> (the answer then counts as personal: it is not cached for others).
/// </summary>
internal sealed class HttpTool
{
    public const string PluginName = "operator";
    public const int MaxResponseBytes = 256 * 1024;

    private readonly HttpToolOptions _options;
    private readonly HttpToolSchema _schema;
    private readonly HashSet<string> _allowedHosts;
    private readonly HttpClient _http;
    private readonly string? _callerHeader;

    public HttpTool(HttpToolOptions options, IEnumerable<string> allowedHosts, string? callerHeader, HttpClient http)
    {
        _options = options;
        _callerHeader = string.IsNullOrEmpty(callerHeader) ? null : callerHeader;
        _schema = HttpToolSchema.Parse(options.Parameters);
        _allowedHosts = new HashSet<string>(allowedHosts, StringComparer.OrdinalIgnoreCase);
        _http = http;
    }

    public KernelFunction CreateFunction() => KernelFunctionFactory.CreateFromMethod(
        (Func<Kernel, KernelArguments, CancellationToken, Task<string>>)CallAsync,
        new KernelFunctionFromMethodOptions
        {
            FunctionName = _options.Name,
            Description = _options.Description,
            Parameters = _schema.Properties.Select(property => new KernelParameterMetadata(property.Name)
            {
                Description = property.Description,
                IsRequired = property.Required,
                Schema = KernelJsonSchema.Parse(property.Schema.ToJsonString()),
            }).ToArray(),
            ReturnParameter = new KernelReturnParameterMetadata { Description = "The service's answer.", ParameterType = typeof(string) },
        });

    private async Task<string> CallAsync(Kernel kernel, KernelArguments arguments, CancellationToken cancellationToken)
    {
        var values = _schema.Bind(arguments); // throws ArgumentException: the model's arguments do not fit
        var url = new StringBuilder(_options.Url);
        var rest = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            var placeholder = "{" + name + "}";
            if (_options.Url!.Contains(placeholder, StringComparison.Ordinal))
            {
                var text = Scalar(value);
                if (text is "." or "..")
                {
                    // Escaping leaves dots as they are, and Uri folds a "." or ".." segment: {id} = ".." would reach
                    // another path of the allowed host, with the secret header.
                    throw new ArgumentException($"The value of '{name}' may not be \".\" or \"..\".", name);
                }

                url.Replace(placeholder, Uri.EscapeDataString(text));
            }
            else
            {
                rest[name] = value;
            }
        }

        var isGet = string.Equals(_options.Method, "GET", StringComparison.OrdinalIgnoreCase);
        if (isGet && rest.Count > 0)
        {
            url.Append(_options.Url!.Contains('?', StringComparison.Ordinal) ? '&' : '?').AppendJoin('&', rest.Select(pair =>
                Uri.EscapeDataString(pair.Key) + "=" + Uri.EscapeDataString(Scalar(pair.Value))));
        }

        var uri = new Uri(url.ToString(), UriKind.Absolute);
        if (!_allowedHosts.Contains(uri.Host))
        {
            throw new InvalidOperationException($"The tool's host {uri.Host} is not allowed."); // unreachable: checked at start, placeholders are escaped
        }

        using var request = new HttpRequestMessage(isGet ? HttpMethod.Get : HttpMethod.Post, uri);
        if (!isGet)
        {
            request.Content = new StringContent(new JsonObject(rest.Select(pair => KeyValuePair.Create(pair.Key, pair.Value?.DeepClone()))).ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (_options.SecretHeader is { Name: { } header, Value: { } secret })
        {
            request.Headers.TryAddWithoutValidation(header, secret);
        }

        if (_callerHeader is not null && ModelStageRequest.From(kernel) is { Context.PersonId: { Length: > 0 } person } modelRequest)
        {
            modelRequest.MarkPersonal();
            request.Headers.TryAddWithoutValidation(_callerHeader, person);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain", 0.5));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                string.Create(CultureInfo.InvariantCulture, $"The service answered {(int)response.StatusCode}."), null, response.StatusCode);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxResponseBytes];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += n;
        }

        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static string Scalar(JsonNode? value) => value switch
    {
        null => string.Empty,
        JsonValue v when v.TryGetValue<string>(out var text) => text,
        _ => value.ToJsonString(),
    };
}

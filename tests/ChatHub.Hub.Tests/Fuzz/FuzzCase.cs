using System.Globalization;
using System.Text;

namespace ChatHub.Hub.Tests.Fuzz;

/// <summary>
/// One generated input: its index and seed (everything about it follows from the seed), the strategy that made it,
/// the raw body, and whether the strategy guarantees the body is invalid (truncated JSON, invalid UTF-8, too deep…).
/// </summary>
public sealed record FuzzCase(int Index, int Seed, string Strategy, byte[] Body, bool KnownInvalid, string ContentType = "application/json")
{
    /// <summary>The body for a failure message: UTF-8 text when it is, otherwise base64; long bodies are cut.</summary>
    public string Describe()
    {
        string shown;
        try
        {
            shown = new UTF8Encoding(false, true).GetString(Body);
        }
        catch (DecoderFallbackException)
        {
            shown = "base64:" + Convert.ToBase64String(Body);
        }

        if (shown.Length > 600)
        {
            shown = string.Concat(shown.AsSpan(0, 600), string.Create(CultureInfo.InvariantCulture, $"… ({Body.Length} bytes)"));
        }

        return string.Create(CultureInfo.InvariantCulture, $"case #{Index} seed={Seed} strategy={Strategy} content-type={ContentType} body={shown}");
    }
}

using System.Text.RegularExpressions;

namespace ChatHub.Inference.ModelStage;

/// <summary>
/// Masks e-mail addresses (<c>[email]</c>) and phone numbers (<c>[phone]</c>: 7 to 15 digits, with spaces, dots,
/// dashes, brackets or a leading +; ISO dates and times are left alone).
/// </summary>
public static partial class PersonalDataMasker
{
    public const string EmailMask = "[email]";
    public const string PhoneMask = "[phone]";

    public static string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var masked = Email().Replace(text, EmailMask);
        return Phone().Replace(masked, static match =>
        {
            var digits = match.Value.Count(char.IsAsciiDigit);
            return digits is >= 7 and <= 15 && !IsoDate().IsMatch(match.Value) ? PhoneMask : match.Value;
        });
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<![\w+])\+?\(?\d[\d\s().\-]{5,}\d(?!\w)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Phone();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$|^\d{1,2}:\d{2}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex IsoDate();
}

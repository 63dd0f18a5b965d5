namespace ChatHub.Adapters.WhatsApp;

/// <summary>An approved message template (WhatsApp Manager → Message templates): its name and language code.</summary>
public sealed class WhatsAppTemplateOptions
{
    /// <summary>The template's name (lowercase letters, digits and underscores). Empty: no template.</summary>
    public string? Name { get; set; }

    /// <summary>The template's language code, e.g. <c>en_US</c> or <c>de</c>.</summary>
    public string Language { get; set; } = "en_US";
}

using Microsoft.Extensions.Options;

namespace Tellal.Platform.Options;

/// <summary>Validates an options record and its nested records, naming each bad key in full (e.g. Tellal:Messaging:Retry:MaxAttempts).</summary>
internal sealed class RecursiveOptionsValidator<TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var errors = RecursiveValidator.Validate(options, section + ":");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

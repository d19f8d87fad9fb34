/// The corpora `kiln data prepare` builds: the names a `data:` or `eval:` source may use instead of a
/// file path (a path contains `/`). Each is prepared as `<dataDir>/<name>/` with `meta.json` written last.
package enum BuiltinCorpus {
    /// The built-in corpora in build order.
    package static let names = ["prose", "code", "synthetic"]
}

"""Build files: the libraries each service declares, and what they say about its classpath.

`files` names and parses one build file (Maven, Gradle, npm, Go, Python, NuGet readers in
`maven`, `gradle`, `packages`); `collect` reads a service's build files (with the local
parent poms and shared Gradle scripts they inherit from) into `Library` facts and a JVM
classpath; `gate` says which Spring config families need which library on that classpath.
"""

# Sphinx configuration of the collection's docs site (`make docsite`), as `antsibull-docs sphinx-init` writes it
# for collections on docs.ansible.com, with two changes for building offline:
# - no intersphinx inventories (they are downloaded);
# - references into ansible-core's documentation (which those inventories would resolve) become links to it here.
#   Any other unresolved reference fails the build (`-n -W`).

project = 'hwcloud.modelarts'
copyright = 'hwcloud.modelarts developers'
title = 'hwcloud.modelarts Collection Documentation'
html_short_title = 'hwcloud.modelarts'

extensions = ['sphinx.ext.autodoc', 'sphinx.ext.intersphinx', 'sphinx_antsibull_ext']

pygments_style = 'ansible'

highlight_language = 'YAML+Jinja'

html_theme = 'sphinx_ansible_theme'
html_show_sphinx = False

display_version = False

html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False

intersphinx_mapping = {}

default_role = 'any'

ANSIBLE_CORE_DOCS = 'https://docs.ansible.com/projects/ansible/devel/'
# Labels of ansible-core's documentation that the generated pages refer to, and their pages there.
ANSIBLE_CORE_LABELS = {
    'common_return_values': 'reference_appendices/common_return_values.html',
    'ansible_configuration_settings': 'reference_appendices/config.html',
}


def resolve_ansible_core_reference(app, env, node, contnode):
    """Link a reference into ansible-core's documentation (a label above, an ANSIBLE_* variable) to its page."""
    from docutils import nodes

    target = node.get('reftarget', '')
    if node.get('reftype') == 'ref' and target in ANSIBLE_CORE_LABELS:
        uri = ANSIBLE_CORE_DOCS + ANSIBLE_CORE_LABELS[target]
    elif node.get('reftype') == 'envvar' and target.startswith('ANSIBLE_'):
        uri = ANSIBLE_CORE_DOCS + 'reference_appendices/config.html#envvar-' + target
    else:
        return None
    reference = nodes.reference('', '', internal=False, refuri=uri)
    reference += contnode if node.get('reftype') == 'envvar' else nodes.inline(target, target)
    return reference


def setup(app):
    app.connect('missing-reference', resolve_ansible_core_reference)

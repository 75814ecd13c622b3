/* Every subsystem the shell knows, in the order their commands are tried. */
#include "module.h"

const struct module *const all_modules[] = {
	&cli_module,
	&system_module,
	&interface_module,
	&aaa_module,
	&ikev2_module,
	&ipsec_module,
	&pki_module,
	&ike_module,
	&ike_debug_module,
	&aaa_debug_module,
	&debug_module,
};
const size_t all_modules_count = ARRAY_LEN(all_modules);
